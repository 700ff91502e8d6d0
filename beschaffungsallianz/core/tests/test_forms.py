"""core.forms: every form of the site is drawn in KERN UX by Django's form renderer."""

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from beschaffungsallianz.core.forms import InlineRadioSelect, KernBoundField, error_summary
from conftest import assert_contains


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20, help_text="Wie Sie heißen.")
    phone = forms.CharField(label="Telefon", required=False)
    kind = forms.ChoiceField(label="Art", choices=[("", "Bitte wählen"), ("a", "A"), ("b", "B")])
    groups = forms.MultipleChoiceField(
        label="Gruppen",
        choices=[("x", "X"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Eine oder mehrere.",
    )
    size = forms.ChoiceField(
        label="Größe", choices=[("s", "S"), ("m", "M")], widget=InlineRadioSelect
    )
    consent = forms.BooleanField(label="Einverstanden")

    def clean(self):
        super().clean()
        raise forms.ValidationError("Bitte später noch einmal.")


def _invalid():
    form = SampleForm({"name": "x" * 30, "kind": "zz"})
    assert not form.is_valid()
    return form


def test_every_form_gets_the_kern_bound_field():
    assert isinstance(SampleForm()["name"], KernBoundField)


def test_text_field_with_hint_error_and_aria():
    html = str(_invalid()["name"].as_field_group())
    assert_contains(
        html,
        '<div class="kern-form-input kern-form-input--error">',
        '<label class="kern-label" for="id_name">Name</label>',
        '<div class="kern-hint" id="id_name_hint">Wie Sie heißen.</div>',
        'class="kern-form-input__input kern-form-input__input--error"',
        'aria-describedby="id_name_hint id_name_error"',
        'aria-invalid="true"',
        '<p class="kern-error" id="id_name_error">',
    )


def test_valid_field_has_no_error_markup_and_optional_fields_are_marked():
    form = SampleForm({"name": "Erika", "phone": ""})
    html = str(form["phone"].as_field_group())
    assert "kern-error" not in html and "aria-invalid" not in html
    assert "aria-describedby" not in html
    assert '<span class="kern-label__optional">– optional</span>' in html
    assert "kern-label__optional" not in str(form["name"].as_field_group())


def test_filter_forms_do_not_mark_optional_fields():
    class Filter(forms.Form):
        mark_optional = False
        q = forms.CharField(required=False)

    assert "kern-label__optional" not in str(Filter()["q"].as_field_group())


def test_select_is_wrapped_and_written_like_djangos_widget():
    form = _invalid()
    html = str(form["kind"].as_field_group())
    assert '<div class="kern-form-input__select-wrapper"><select name="kind"' in html
    assert 'class="kern-form-input__select kern-form-input__select--error"' in html
    bound = form["kind"]
    # the same markup as Django's select widget (attribute order and blank lines aside)
    assert parse_html(bound.control()) == parse_html(bound.as_widget(attrs=bound._control_attrs()))


def test_checkbox_group_is_a_fieldset_described_by_hint_and_error():
    html = str(_invalid()["groups"].as_field_group())
    assert (
        '<fieldset class="kern-fieldset kern-fieldset--error" '
        'aria-describedby="id_groups_hint id_groups_error">'
    ) in html
    assert '<legend class="kern-label">Gruppen</legend>' in html
    assert 'class="kern-fieldset__body site-checks"' in html
    assert 'class="kern-form-check__checkbox kern-form-check__checkbox--error"' in html
    assert (
        'id="id_groups_0"' in html
        and '<label class="kern-label" for="id_groups_1">Y</label>' in html
    )


def test_inline_radios_sit_side_by_side():
    html = str(SampleForm()["size"].as_field_group())
    assert 'class="kern-fieldset__body kern-fieldset__body--horizontal"' in html
    assert 'class="kern-form-check__radio"' in html


def test_single_checkbox_comes_before_its_label():
    html = str(_invalid()["consent"].as_field_group())
    assert html.index('type="checkbox"') < html.index('<label class="kern-label" for="id_consent">')
    assert 'class="kern-form-check kern-form-check--error"' in html


def test_error_summary_counts_and_links_every_error_in_form_order():
    items = error_summary(_invalid())
    assert items[0] == ("", "Bitte später noch einmal.")
    assert [anchor for anchor, _message in items[1:]] == [
        "id_name",
        "id_kind",
        "id_groups_0",
        "id_size_0",
        "id_consent",
    ]
    assert error_summary(SampleForm()) == []


@pytest.mark.parametrize("language", ["de"])
def test_error_summary_include(language, settings):
    settings.LANGUAGE_CODE = language
    html = Template('{% include "core/forms/error_summary.html" %}').render(
        Context({"form": _invalid(), "note": "Bis dahin gilt die Voreinstellung."})
    )
    assert_contains(
        html,
        'id="error-summary" tabindex="-1" autofocus',
        "Bitte korrigieren Sie 6 Angaben",
        '<p class="kern-body">Bis dahin gilt die Voreinstellung.</p>',
        '<a class="kern-link" href="#id_groups_0">',
        '<span class="kern-body">Bitte später noch einmal.</span>',
    )
    assert (
        Template('{% include "core/forms/error_summary.html" %}')
        .render(Context({"form": SampleForm()}))
        .strip()
        == ""
    )


def test_whole_form_renders_every_field():
    html = str(SampleForm())
    assert html.count('class="kern-label"') >= 6 and "kern-fieldset" in html


@pytest.mark.django_db
def test_an_unbound_filter_form_is_rendered_once_per_generation_and_initial_values():
    # memo_unbound (KernBoundField.as_field_group): the same unbound form renders from the
    # memo; other initial values, a bound form and new choices (a change) render anew.
    from django.test.signals import template_rendered

    from beschaffungsallianz.knowledge.forms import LabelFilterForm, StateMapForm
    from beschaffungsallianz.knowledge.tests.factories import ProductGroupFactory

    ProductGroupFactory(name="Textilien", slug="textilien")
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        first = LabelFilterForm()["produktgruppe"].as_field_group()
        second = LabelFilterForm()["produktgruppe"].as_field_group()
        assert first == second and "Textilien" in second
        assert rendered.count("core/forms/field.html") == 1

        bound = LabelFilterForm({"produktgruppe": "textilien"})["produktgruppe"].as_field_group()
        assert rendered.count("core/forms/field.html") == 2
        assert 'value="textilien" selected' in str(bound)

        ProductGroupFactory(name="Papier", slug="papier")  # a change: a new generation
        assert "Papier" in LabelFilterForm()["produktgruppe"].as_field_group()

        tariff = StateMapForm(initial={"merkmal": "tariff_compliance"})["merkmal"]
        examples = StateMapForm(initial={"merkmal": "examples"})["merkmal"]
        assert (
            'value="tariff_compliance" class="kern-form-check__radio" id="id_merkmal_0" checked'
            in str(tariff.as_field_group())
        )
        assert 'value="examples" class="kern-form-check__radio" id="id_merkmal_3" checked' in str(
            examples.as_field_group()
        )
    finally:
        template_rendered.disconnect(count)
