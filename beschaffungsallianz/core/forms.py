"""Form rendering in KERN UX, once for the whole site, through Django's form renderer.

``settings.FORM_RENDERER`` is ``KernFormRenderer``. Every form on the site is therefore drawn
the same way, without a mixin or a ``decorate()`` call in the view:

- ``{{ form.title.as_field_group }}`` renders one field with ``core/forms/field.html``: label
  (with "– optional" unless the form sets ``mark_optional = False``), hint, control, error
  message; hint and error get the ids ``<id>_hint`` and ``<id>_error`` and are named in the
  control's ``aria-describedby`` (for radio and checkbox groups: the fieldset's); an invalid
  control gets ``aria-invalid="true"`` and KERN's ``--error`` classes. Text inputs, textareas,
  files, selects, single checkboxes, radio and checkbox groups look as docs/frontend.md shows.
  ``{{ form }}`` renders every field that way.
- ``{% include "core/forms/error_summary.html" %}`` (with ``form`` in the context, optionally
  ``note="…"`` for a sentence above the list) renders the error summary: it counts the errors
  itself, links each one to its field and takes the focus (``autofocus``, ``tabindex=-1``).
- Radio buttons side by side (a few short options): ``widget=InlineRadioSelect``.

Wagtail's admin uses the same renderer; ``KernBoundField`` only *adds* members to Django's
``BoundField`` (nothing the admin calls behaves differently), and the admin never calls
``as_field_group``.
"""

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from beschaffungsallianz.core.pagecache import per_generation

# KERN's class for each kind of control; an invalid control adds "<class>--error".
CONTROL_CLASSES = {
    "group-checkbox": "kern-form-check__checkbox",  # each checkbox of a group
    "group-radio": "kern-form-check__radio",
    "check": "kern-form-check__checkbox",  # a single checkbox
    "select": "kern-form-input__select",
    "input": "kern-form-input__input",
}
DJANGO_SELECT_TEMPLATES = (
    "django/forms/widgets/select.html",
    "django/forms/widgets/select_option.html",
)


class InlineRadioSelect(forms.RadioSelect):
    """Radio buttons side by side (KERN's horizontal fieldset), for a few short options."""


def field_kind(bound: BoundField) -> str:
    """ "group" (radios or checkboxes in a fieldset), "check" (one checkbox), "select", "input"."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        return "group"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def field_anchor(bound: BoundField) -> str:
    """The id the error summary links to: the control, or the first option of a group."""
    if not bound.auto_id or bound.is_hidden:
        return ""
    return f"{bound.auto_id}_0" if field_kind(bound) == "group" else bound.auto_id


def error_summary(form: forms.BaseForm) -> list[tuple[str, str]]:
    """``(anchor id or "", message)`` for every error of a bound form: non-field errors
    first, then each field's errors in the order of the form."""
    if not form.is_bound:
        return []
    items = [("", str(message)) for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        items += [(field_anchor(bound), str(message)) for message in bound.errors]
    return items


class KernBoundField(BoundField):
    """A bound field that knows how KERN draws it (used by ``core/forms/field.html``)."""

    def as_field_group(self):
        """The field in KERN's markup. A filter form that sets ``memo_unbound = True`` promises
        that, unbound, it renders the same for every request with the same initial values
        and ``memo_vary`` (its choices come from data that bumps the page cache's generation):
        then each of its fields is rendered once per worker process, generation, language,
        initial values and ``memo_vary`` and reused (``pagecache.per_generation``); bound, it
        is rendered every time."""
        form = self.form
        if form.is_bound or not getattr(form, "memo_unbound", False):
            return super().as_field_group()
        form_class = type(form)
        key = ":".join(
            str(part)
            for part in (
                "unbound-field",
                f"{form_class.__module__}.{form_class.__qualname__}",
                form.prefix,
                form.auto_id,
                self.name,
                translation.get_language(),
                sorted(form.initial.items()),
                getattr(form, "memo_vary", ""),
            )
        )
        return per_generation(key, super().as_field_group)

    @property
    def kind(self) -> str:
        return field_kind(self)

    @property
    def anchor(self) -> str:
        return field_anchor(self)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def described_by(self) -> str:
        """Ids for ``aria-describedby``: the hint, then the error message."""
        ids = [self.hint_id] if self.help_text else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def marked_optional(self) -> bool:
        """Show "– optional" after the label? Filter forms, where nothing is required, set
        ``mark_optional = False`` on the form."""
        return not self.field.required and getattr(self.form, "mark_optional", True)

    @property
    def inline(self) -> bool:
        return isinstance(self.field.widget, InlineRadioSelect)

    def _control_attrs(self) -> dict:
        widget = self.field.widget
        kind = self.kind
        if kind == "group":
            multiple = isinstance(widget, forms.CheckboxSelectMultiple)
            css = CONTROL_CLASSES["group-checkbox" if multiple else "group-radio"]
        else:
            css = CONTROL_CLASSES[kind]
        classes = [css, f"{css}--error" if self.errors else "", widget.attrs.get("class", "")]
        attrs = {"class": " ".join(c for c in classes if c)}
        if self.described_by and kind != "group":  # a group is described on its fieldset
            attrs["aria-describedby"] = self.described_by
        return attrs

    def control(self) -> SafeString:
        """The input, textarea or select with KERN's classes and ARIA attributes."""
        widget = self.field.widget
        if (
            isinstance(widget, forms.Select)
            and (widget.template_name, widget.option_template_name) == DJANGO_SELECT_TEMPLATES
        ):
            return self._select()
        return self.as_widget(attrs=self._control_attrs())

    def _select(self) -> SafeString:
        """A select, written here rather than through Django's widget templates: those render
        every ``<option>`` through the template engine (11.6 ms for a list of 240 months);
        this takes well under a millisecond and gives the same markup."""
        widget = self.field.widget
        attrs = self.build_widget_attrs(self._control_attrs(), widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        parts = []
        for group_name, options, _index in context["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            context["name"],
            flatatt(context["attrs"]),
            mark_safe("".join(parts)),  # each part was escaped by format_html(_join)
        )

    def check_options(self) -> SafeString:
        """The options of a radio or checkbox group, each a KERN form check with its label;
        written here for the reason given at ``_select`` (Django's templates render each
        option through three templates: 3 ms for the 16 labels of /guetezeichen/). Same
        markup as Django's ``input.html`` and ``attrs.html``."""
        return format_html_join(
            "",
            '<div class="kern-form-check">\n      <input type="{}" name="{}"{}{}>\n      '
            '<label class="kern-label" for="{}">{}</label>\n    </div>',
            (
                (
                    option.data["type"],
                    option.data["name"],
                    format_html(' value="{}"', option.data["value"])
                    if option.data["value"] is not None
                    else "",
                    flatatt(option.data["attrs"]),
                    option.id_for_label,
                    option.choice_label,
                )
                for option in self.checks
            ),
        )

    @property
    def checks(self) -> list[BoundWidget]:
        """The options of a radio or checkbox group, each input with KERN's classes."""
        widget = self.field.widget
        attrs = self._control_attrs()
        if id_ := widget.attrs.get("id") or self.auto_id:
            attrs["id"] = id_
        attrs = self.build_widget_attrs(attrs)
        return [
            BoundWidget(widget, option, self.form.renderer)
            for option in widget.subwidgets(self.html_name, self.value(), attrs=attrs)
        ]


class PerGenerationChoiceIterator(ModelChoiceIterator):
    """The objects of a ``PerGenerationModelChoiceField`` read once per worker process and
    generation of the page cache (every change to them bumps it) instead of at every
    rendering of the form; their labels are still made per request, in its language."""

    def _objects(self) -> list:
        return per_generation(f"choices:{self.field.memo_name}", lambda: list(self.queryset))

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self._objects()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._objects())


class PerGenerationModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` of a filter form whose choices are the same for every request:
    ``memo_name`` names them (one name per queryset). A submitted value is still looked up in
    the queryset."""

    iterator = PerGenerationChoiceIterator

    def __init__(self, *args, memo_name: str, **kwargs):
        self.memo_name = memo_name
        super().__init__(*args, **kwargs)


class KernFormRenderer(DjangoTemplates):
    """Django's default renderer, with KERN UX templates for forms and fields."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = KernBoundField
