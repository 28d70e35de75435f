"""Two ways of working the portal in a journey: with the mouse (clicks) or with the keyboard alone
(Tab/Shift+Tab to move, typing, Space for boxes, arrow keys for radios and lists, Enter to press).

The keyboard actor never clicks and never focuses an element from script: it presses Tab until the
element it wants has focus, so a step that cannot be reached by keyboard fails the journey.
"""

from __future__ import annotations

from datetime import date

MAX_TABS = 250


class MouseActor:
    def __init__(self, page):
        self.page = page

    def fill(self, locator, text: str):
        locator.fill(text)

    def fill_date(self, locator, day: date):
        locator.fill(day.isoformat())

    def check(self, locator):
        locator.check()

    def choose(self, locator, value: str):
        locator.select_option(value)

    def press(self, locator):
        locator.click()

    def pick(self, combobox, text: str, option: str):
        """A look-up (static/js/lookup.js): type `text`, then click the match whose name holds `option`."""
        combobox.fill(text)
        listbox = self.page.locator(f"#{combobox.get_attribute('aria-controls')}")
        listbox.get_by_role("option").filter(has_text=option).first.click()

    def draw(self, canvas):
        """Sign in the drawing box: press the button, move through a few points, let go (two strokes)."""
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None, f"{canvas} is not on screen"
        x, y, w, h = box["x"], box["y"], box["width"], box["height"]
        mouse = self.page.mouse
        for stroke in (
            [(0.1, 0.7), (0.2, 0.3), (0.3, 0.65), (0.4, 0.35), (0.5, 0.6)],
            [(0.55, 0.5), (0.7, 0.45), (0.85, 0.55)],
        ):
            mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
            mouse.down()
            for px, py in stroke[1:]:
                mouse.move(x + w * px, y + h * py, steps=5)
            mouse.up()


class KeyboardActor:
    def __init__(self, page):
        self.page = page

    def focus_by_tab(self, locator):
        """Tab forward (wrapping round the page) until `locator` has focus; fail if it never does."""
        locator.wait_for(state="visible")
        handle = locator.element_handle()
        for _ in range(MAX_TABS):
            if handle.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"could not reach {locator} with the Tab key")

    def fill(self, locator, text: str):
        self.focus_by_tab(locator)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def fill_date(self, locator, day: date):
        """Type the date into Chromium's date field, its parts in the order the field shows them."""
        self.focus_by_tab(locator)
        parts = {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": f"{day.year:04d}"}
        self.page.keyboard.type("".join(parts[p] for p in self.date_order()))
        actual = locator.input_value()
        assert actual == day.isoformat(), f"typed {day} but the field holds {actual!r}"

    _date_order: tuple[str, ...] | None = None

    def date_order(self) -> tuple[str, ...]:
        """The date field's part order follows the browser's own locale (not the page's emulated one):
        find it once by typing a date into a scratch field on a blank page."""
        if KeyboardActor._date_order is None:
            scratch = self.page.context.new_page()
            try:
                scratch.set_content('<input type="date" id="d">')
                for order in (("day", "month", "year"), ("month", "day", "year"), ("year", "month", "day")):
                    scratch.set_content('<input type="date" id="d">')
                    scratch.keyboard.press("Tab")
                    values = {"day": "23", "month": "11", "year": "2026"}
                    scratch.keyboard.type("".join(values[p] for p in order))
                    if scratch.locator("#d").input_value() == "2026-11-23":
                        KeyboardActor._date_order = order
                        break
            finally:
                scratch.close()
        assert KeyboardActor._date_order, "could not type a date into Chromium's date field"
        return KeyboardActor._date_order

    def check(self, locator):
        """A checkbox: Space. A radio: arrow keys move the selection within its group."""
        if locator.get_attribute("type") == "radio":
            name = locator.get_attribute("name")
            group = self.page.locator(f'input[type="radio"][name="{name}"]')
            checked = self.page.locator(f'input[type="radio"][name="{name}"]:checked')
            # The Tab key stops on the checked radio of a group, else on its first one.
            self.focus_by_tab(checked if checked.count() else group.first)
            for _ in range(group.count() + 1):
                if locator.is_checked():
                    return
                self.page.keyboard.press("ArrowDown")
            raise AssertionError(f"could not select {locator} with the arrow keys")
        self.focus_by_tab(locator)
        if not locator.is_checked():
            self.page.keyboard.press("Space")
        assert locator.is_checked()

    def choose(self, locator, value: str):
        """A closed <select>: Home, then ArrowDown until the option is selected."""
        self.focus_by_tab(locator)
        self.page.keyboard.press("Home")
        for _ in range(locator.locator("option").count() + 1):
            if locator.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not choose {value!r} in {locator} with the arrow keys")

    def press(self, locator):
        self.focus_by_tab(locator)
        self.page.keyboard.press("Enter")

    def pick(self, combobox, text: str, option: str):
        """A look-up: type `text`, then Down arrow through the matches until the highlighted one holds
        `option` (the combobox's aria-activedescendant), and Enter to choose it."""
        self.focus_by_tab(combobox)
        self.page.keyboard.type(text)
        listbox = self.page.locator(f"#{combobox.get_attribute('aria-controls')}")
        listbox.get_by_role("option").first.wait_for()
        for _ in range(listbox.get_by_role("option").count() + 1):
            self.page.keyboard.press("ArrowDown")
            active = combobox.get_attribute("aria-activedescendant")
            if active and option in self.page.locator(f"#{active}").inner_text():
                self.page.keyboard.press("Enter")
                assert combobox.get_attribute("aria-expanded") == "false"
                return
        raise AssertionError(f"could not choose {option!r} in {combobox} with the arrow keys")
