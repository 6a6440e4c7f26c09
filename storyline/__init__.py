"""storyline: news articles in, events, stories, cited timelines, quotes and source comparisons out."""

__version__ = "0.1.0"
