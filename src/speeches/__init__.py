"""speeches: metrics (users, servers, hospitals, percentages) and who said them, from
executive-speech transcripts in Simplified Chinese, Traditional Chinese and English.

The public API, for use without the CLI:

    >>> import speeches
    >>> [(n.text, n.value) for n in speeches.find_numbers("超过10亿用户")]
    [('10亿', 1000000000.0)]

`ingest(paths, Settings(store=...))` builds a store; `metrics`, `build_report` and
`render_report` read it. Each name is imported on first use, so `import speeches` stays cheap
and no module of the package imports this one for more than `__version__`.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> "module:attribute"
_API = {
    "Settings": "speeches.config:Settings",
    "SpeechesError": "speeches.errors:SpeechesError",
    "Document": "speeches.models:Document",
    "Metric": "speeches.models:Metric",
    "ingest": "speeches.write.pipeline:run",
    "reextract": "speeches.write.pipeline:reextract",
    "IngestResult": "speeches.write.pipeline:IngestResult",
    "find_numbers": "speeches.numbers:find_numbers",
    "load_rules": "speeches.rules:load_rules",
    "load_registry": "speeches.rules.speakers:load_registry",
    "load_subjects": "speeches.rules.subjects:load_subjects",
    "Reader": "speeches.read.engine:Reader",
    "MetricFilter": "speeches.read.query:MetricFilter",
    "metrics": "speeches.read.query:metrics",
    "group_claims": "speeches.read.claims:group_claims",
    "build_report": "speeches.read.report:build",
    "render_report": "speeches.read.report:render",
    "Report": "speeches.read.report_model:Report",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'speeches' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
