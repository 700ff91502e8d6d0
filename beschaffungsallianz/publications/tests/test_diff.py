"""The readable comparison of two versions."""

from beschaffungsallianz.publications.diff import diff_html, html_blocks, word_segments


def test_blocks_are_headings_paragraphs_and_list_items():
    blocks = html_blocks(
        "<h3>§ 1 Zweck</h3><p>Erster  Absatz\n mit Umbruch.</p>"
        "<ul><li>Punkt A</li><li>Punkt <b>B</b></li></ul><!-- note -->"
    )
    assert [(b.tag, b.text) for b in blocks] == [
        ("h3", "§ 1 Zweck"),
        ("p", "Erster Absatz mit Umbruch."),
        ("li", "Punkt A"),
        ("li", "Punkt B"),
    ]


def test_empty_html_has_no_blocks():
    assert html_blocks("") == []
    assert html_blocks("   ") == []


def test_identical_texts_have_no_changes():
    diff = diff_html("<p>Gleich.</p>", "<p>Gleich.</p>")
    assert not diff.has_changes
    assert [row.op for row in diff.rows] == ["equal"]


def test_added_removed_and_changed_paragraphs():
    old = (
        "<h3>§ 3 Sitzungen</h3><p>Der Arbeitskreis tagt zweimal im Jahr.</p>"
        "<p>Die Einladung erfolgt schriftlich.</p>"
    )
    new = (
        "<h3>§ 3 Sitzungen</h3><p>Der Arbeitskreis tagt dreimal im Jahr.</p>"
        "<h3>§ 6 Inkrafttreten</h3>"
    )
    diff = diff_html(old, new)
    assert [row.op for row in diff.rows] == ["equal", "change", "delete", "insert"]
    assert diff.counts == {"change": 1, "delete": 1, "insert": 1}
    change = diff.rows[1]
    assert [(s.op, s.text) for s in change.segments] == [
        ("equal", "Der Arbeitskreis tagt "),
        ("delete", "zweimal"),
        ("insert", "dreimal"),
        ("equal", " im Jahr."),
    ]
    assert diff.rows[3].is_heading


def test_paragraph_inserted_in_the_middle_keeps_the_rest_equal():
    old = "<p>Eins.</p><p>Drei.</p>"
    new = "<p>Eins.</p><p>Zwei ist neu.</p><p>Drei.</p>"
    assert [row.op for row in diff_html(old, new).rows] == ["equal", "insert", "equal"]


def test_word_segments_merge_adjacent_runs():
    segments = word_segments("a b c", "a x y c")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "a "),
        ("delete", "b"),
        ("insert", "x y"),
        ("equal", " c"),
    ]
