"""Stage: what each metric is about (`subject`) and the time it refers to (`period`).

Runs after extraction, over the metrics' sentences in the normalized text: the subject from
the subject registry's rules (speeches.subjects), the period from the periods the sentence
states (speeches.periods), relative ones resolved against the document's publication date.
A count whose sentence and paragraph name no subject takes the first registry name of the
page's title: a page headed "微信月活跃用户破十亿" is about WeChat throughout.
"""

from __future__ import annotations

from . import periods
from .models import Document
from .normalize import normalize
from .subjects import Sentences, SubjectRegistry, load_subjects


def run(doc: Document, registry: SubjectRegistry | None = None) -> Document:
    """Fill `subject` and `period` of every metric of `doc`."""
    registry = registry or load_subjects()
    title = normalize(doc.title or "")
    topic = next((name for _, _, name in registry.mentions(title, 0, len(title))), None)
    index = Sentences(doc.text)
    for m in doc.metrics:
        p_start, s_start, s_end = index.around(m.start)
        m.subject = registry.find(doc.text, s_start, s_end, m.start, m.end, p_start)
        if m.subject is None and m.kind != "percentage":
            m.subject = topic
        sentence = doc.text[s_start:s_end]
        found = periods.find(sentence, m.start - s_start, doc.published, m.end - s_start)
        m.period = found.label if found else None
    return doc
