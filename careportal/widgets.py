"""Form fields and widgets for long choice lists (hundreds of organisations, thousands of tamariki), and the
signature pad for a signature drawn in person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorDict, flatatt
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A `<select>` with the same markup as Django's, built in Python rather than one template include per
    option: 300 organisations cost about 45 ms per page through the widget templates and about 1 ms here
    (decision 0010). Grouped choices fall back to Django's rendering."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = [choice for choice in self.choices]  # noqa: C416 - list() would ask the database for a count
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            options.append(f'<option value="{escape(text)}"{mark}>{escape(label)}</option>')
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe("".join(options)))  # noqa: S308 - each option escaped above


class _ColumnChoiceIterator(ModelChoiceIterator):
    """(pk, label) read from two columns: no model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = cast(LongModelChoiceField, self.field)
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from self.queryset.values_list("pk", field.label_field)


class LongModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are (pk, `label_field`) rows, drawn with LongSelect. Validation is
    Django's own (the chosen pk must be in the queryset)."""

    iterator = _ColumnChoiceIterator
    widget = LongSelect

    def __init__(self, queryset: Any, *, label_field: str, **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(queryset, **kwargs)


class LongModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LongModelChoiceField


class SignaturePadWidget(forms.Widget):
    """A signature drawn with a finger, stylus or mouse: a canvas, a Clear button and a hidden input that
    static/js/signature.js fills with a `data:image/png;base64,…` URL of the drawing when the form is sent
    (empty when nothing is drawn). Check the value with `careportal.lib.drawn_signature`.

    The form draws it in a fieldset, the field's label as the legend (a label cannot name a canvas). The
    canvas cannot be used with a keyboard or a screen reader: `keyboard_hint` says so and points to the
    other way to sign (a typed name), which the form must offer. Without JavaScript the canvas stays hidden
    and a sentence asks for another way. A drawing sent back with a form that had errors is shown again.
    """

    template_name = "widgets/signature_pad.html"
    use_fieldset = True
    media_type = "data:image/png;base64,"
    instructions = "Sign with a finger, stylus or mouse in the box below."
    keyboard_hint = (
        "The box cannot be used with a keyboard: to sign with the keyboard, choose to type the name instead."
    )
    no_script = (
        "Drawing a signature needs JavaScript, which is not running on this page: choose another way to sign."
    )

    class Media:
        css = {"all": ["css/signature.css"]}
        js = [
            forms.Script("vendor/signature_pad/signature_pad.umd.min.js", defer=True),
            forms.Script("js/signature.js", defer=True),
        ]

    def __init__(self, attrs: dict[str, Any] | None = None, *, keyboard_hint: str | None = None) -> None:
        super().__init__(attrs)
        if keyboard_hint is not None:
            self.keyboard_hint = keyboard_hint

    def format_value(self, value: Any) -> str:
        # Only a drawing goes back into the page; anything else sent in its place is dropped.
        return value if isinstance(value, str) and value.startswith(self.media_type) else ""

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # a hidden input is never checked by the browser; the server says what is missing

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"signature_{name}"
        context["widget"].update(
            ids={part: f"{base}_{part}" for part in ("pad", "instructions", "keyboard", "canvas", "status")},
            instructions=self.instructions,
            keyboard_hint=self.keyboard_hint,
            no_script=self.no_script,
        )
        return context


# --- Look-ups: a long list chosen by typing (careportal.lookups) ------------------------------------

FIND_SUFFIX = "__find"  # the fallback's "Find" button: `<field>__find`
QUERY_SUFFIX = "__q"  # the text typed: `<field>__q`


class LookupWidget(forms.Widget):
    """A search-as-you-type combobox (WAI-ARIA 1.2, static/js/lookup.js) for a LookupChoiceField. The page
    holds only the chosen record (its id in a hidden input, its label in the text box), never the list, so
    its size does not grow with the records.

    Without JavaScript it is search-then-choose: the text box and a "Find" button that sends the whole form
    back (nothing typed is lost); the page comes back with a short `<select>` of at most LIMIT matches in
    place of the hidden input. With JavaScript the button is taken out and the matches come from the
    look-up endpoint as one types."""

    template_name = "widgets/lookup.html"

    # `formmethod="post"`: the look-up sits in a GET form (a list's filters), whose URL must never hold what
    # is typed, since it can be part of a child's name (R-PRIV-2, decision 0019). Its text box and "Find"
    # button then belong to a small POST form of their own (`<id>_find`, drawn after the GET form by
    # templates/widgets/lookup_find_forms.html), so Find POSTs the text with a CSRF token, "Filter" sends
    # only the chosen record's id, and Enter in another filter still filters. The list view answers the
    # POST with `filter_data` (the short list of matches, the list itself unchanged).
    def __init__(self, attrs: dict[str, Any] | None = None, *, formmethod: str = "") -> None:
        if formmethod not in ("", "post"):
            raise ValueError("A look-up's formmethod is '' (its own form's) or 'post'")
        super().__init__(attrs)
        self.formmethod = formmethod

    # Its script and style are on every page (templates/base.html), like the portal's other small
    # enhancements: a form's media would need each page (filters, action forms) to include it.

    # Set by LookupChoiceField: the field (its queryset and look-up) and the submitted data (None unbound).
    field: LookupChoiceField
    data: Any = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name) or None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}{QUERY_SUFFIX}" not in data

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the hidden input is never checked by the browser; the server says what is missing

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from careportal.lookups import LIMIT, MIN_CHARS

        context = super().get_context(name, value, attrs)
        field, data = self.field, self.data or {}
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        typed = " ".join(str(data.get(f"{name}{QUERY_SUFFIX}", "")).split())[:200]
        finding = f"{name}{FIND_SUFFIX}" in data
        chosen = field.lookup.option_for(field.queryset, value) if value not in (None, "") else None
        found = field.matches(typed, LIMIT + 1) if finding else None
        matches = found[:LIMIT] if found is not None else None
        status = ""
        if matches is not None:
            noun = field.lookup.noun
            if len(typed) < MIN_CHARS:
                status = f"Type at least {MIN_CHARS} characters, then press Find."
            elif not matches:
                status = f"No {noun} match “{typed}”. Check the spelling or try a reference."
            else:
                more = " or more" if len(found or ()) > LIMIT else ""
                narrow = " (type more to narrow them)" if more else ""
                status = (
                    f"{len(matches)}{more} {noun} match “{typed}”{narrow}: choose one from the list below."
                )
        ids = {part: f"{base}_{part}" for part in ("listbox", "status", "hint", "choice")}
        attrs = context["widget"]["attrs"]
        attrs["aria-describedby"] = " ".join(filter(None, [ids["hint"], attrs.get("aria-describedby")]))
        context["widget"].update(
            ids=ids,
            text=typed if (finding or chosen is None) and typed else (chosen.text if chosen else typed),
            chosen=chosen,
            matches=matches,
            status=status,
            noun=field.lookup.noun,
            url=reverse(f"lookup-{field.kind}"),
            query_name=f"{name}{QUERY_SUFFIX}",
            find_name=f"{name}{FIND_SUFFIX}",
            hint=field.hint,
            min_chars=MIN_CHARS,
            find_form=find_form_id(base) if self.formmethod == "post" else "",
        )
        return context


def find_form_id(widget_id: str) -> str:
    """The id of a `formmethod="post"` look-up's own POST form."""
    return f"{widget_id}_find"


class LookupChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for a long list, drawn with LookupWidget: the user types, then chooses. `kind`
    names the look-up (careportal.lookups), whose records the user may see; `queryset` (set by the form)
    is what this field accepts, so an id outside it, another organisation's or a made-up one, is refused
    with a message saying what to do (R-PRIV-1). The page renders no option for the queryset's rows."""

    widget = LookupWidget
    default_error_messages = {
        "invalid_choice": "That is not one you can choose here: type a name or reference, then choose from "
        "the matches.",
        "required": "Type a name or reference, then choose one of the matches.",
    }

    def __init__(self, queryset: Any, *, kind: str, hint: str = "", **kwargs: Any) -> None:
        self.kind = kind
        self.hint = hint or "Type at least 2 characters of a name or reference, then choose from the matches."
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.widget.field = self  # type: ignore[attr-defined]

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]  # Field.__deepcopy__, not in the stubs
        result.widget.field = result  # each form's copy draws with its own queryset
        return result

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as exc:  # e.g. "not a valid UUID": to the user, simply not one to choose
            if exc.code == "invalid_choice":
                raise
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from exc

    @property
    def lookup(self) -> Any:
        from careportal.lookups import lookup

        return lookup(self.kind)

    def matches(self, typed: str, limit: int) -> list[Any]:
        """The fallback's short list: the best matches among what this field accepts (the form scoped
        its queryset to what the user may see and choose)."""
        return self.lookup.options(self.queryset, typed, limit)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        self.widget.data = form.data if form.is_bound else None  # type: ignore[attr-defined]
        return super().get_bound_field(form, field_name)


def finding(form: forms.BaseForm) -> bool:
    """Whether the form was sent by a look-up's "Find" button (no JavaScript): show it again with the
    matches, save nothing, and show no errors (the person has not finished)."""
    return form.is_bound and any(
        isinstance(field, LookupChoiceField) and f"{form.add_prefix(name)}{FIND_SUFFIX}" in form.data
        for name, field in form.fields.items()
    )


class LookupFormMixin:
    """A form with look-ups: sent by a "Find" button it is never valid and shows no errors (`finding`)."""

    @property
    def lookup_find_forms(self) -> list[str]:
        """The ids of the POST forms its `formmethod="post"` look-ups need, for the page to draw after
        this form (forms cannot nest): templates/widgets/lookup_find_forms.html."""
        found = []
        for bound in self:  # type: ignore[attr-defined]
            widget = bound.field.widget
            if isinstance(widget, LookupWidget) and widget.formmethod == "post":
                found.append(find_form_id(widget.attrs.get("id") or bound.auto_id or f"id_{bound.html_name}"))
        return found

    def full_clean(self) -> None:
        if finding(self):  # type: ignore[arg-type]
            self._errors = ErrorDict()
            self.cleaned_data: dict[str, Any] = {}
            return
        super().full_clean()  # type: ignore[misc]

    def is_valid(self) -> bool:
        return not finding(self) and super().is_valid()  # type: ignore[arg-type, misc]


def filter_data(request: Any) -> Any:
    """The data a GET filter form with `formmethod="post"` look-ups shows: the filters in the query string
    and, when a look-up's Find was pressed (a POST to the same URL), the text typed in it, which is never in
    the URL (R-PRIV-2). Build the list from `request.GET` alone: a Find changes the form, not the list."""
    if request.method != "POST":
        return request.GET or None
    data = request.GET.copy()
    for key, values in request.POST.lists():
        if key.endswith((QUERY_SUFFIX, FIND_SUFFIX)):
            data.setlist(key, values)
    return data


class LookupChoiceFilter(django_filters.ModelChoiceFilter):
    """A list filter chosen with a look-up (`kind`, careportal.lookups): the URL carries the chosen record's
    opaque id, never a name (R-PRIV-2); `queryset` (a callable of the request, e.g. `choices_for`) is what
    the user may choose (R-PRIV-1). Its form must be a `LookupFilterForm`."""

    field_class = LookupChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("widget", LookupWidget(formmethod="post"))  # a filter form is a GET form
        super().__init__(*args, **kwargs)


class LookupFilterForm(LookupFormMixin, forms.Form):
    """The form of a FilterSet with look-ups (`Meta.form`)."""
