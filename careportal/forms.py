from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Forms render with an error summary at the top and each error beside its field."""

    form_template_name = "forms/div.html"
