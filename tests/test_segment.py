from speeches import segment
from speeches.models import Document, Section


def test_registry_names_stay_whole() -> None:
    tokens = [t for t, _ in segment.tokenize("汤道生称，邱跃鹏说", ["汤道生", "邱跃鹏"])]
    assert "汤道生" in tokens and "邱跃鹏" in tokens


def test_offsets_point_into_text() -> None:
    text = "产业互联网 is 大势所趋"
    for token, start in segment.tokenize(text):
        assert text[start : start + len(token)] == token
        assert not token.isspace()


def test_run_tokens_cover_sections_with_document_offsets() -> None:
    doc = Document(source_path="x", raw="", text="标题\n腾讯云推出云启计划。")
    doc.sections = [Section(0, 3, 13, None, "narration")]
    segment.run(doc)
    assert doc.tokens[0].start == 3
    assert all(doc.text[t.start : t.start + len(t.token)] == t.token for t in doc.tokens)
    assert [t.position for t in doc.tokens] == list(range(len(doc.tokens)))
