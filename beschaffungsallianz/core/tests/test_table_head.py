"""The {% table_head %} tag draws a KERN table head from translated labels."""

from django.template import Context, Template
from django.utils import translation


def render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load i18n core_tags %}" + source).render(Context(context))


def test_table_head_draws_one_column_header_per_label_with_numeric_columns_right_aligned():
    html = render('{% table_head _("Label") name numeric="2" %}', name="Lose <TH>")
    assert html == (
        "<thead>\n"
        '  <tr class="kern-table__row">\n'
        '    <th class="kern-table__header" scope="col">Label</th>\n'
        '    <th class="kern-table__header kern-table__header--numeric" scope="col">'
        "Lose &lt;TH&gt;</th>\n"
        "  </tr>\n"
        "</thead>"
    )


def test_table_head_labels_are_translated_where_the_template_is():
    html = render('{% table_head _("Federal state") %}', language="de")
    assert '<th class="kern-table__header" scope="col">Bundesland</th>' in html


def test_table_head_keeps_a_label_translated_with_asvar_unescaped_once():
    source = (
        "{% blocktranslate with state=code asvar lots %}Lots {{ state }}{% endblocktranslate %}"
        '{% table_head lots numeric="1" %}'
    )
    html = render(source, code="T&H")
    assert 'scope="col">Lots T&amp;H</th>' in html
