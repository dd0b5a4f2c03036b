"""speeches: metrics (users, servers, hospitals, percentages) and who said them, from
executive-speech transcripts in Simplified Chinese, Traditional Chinese and English."""

__version__ = "0.1.0"
