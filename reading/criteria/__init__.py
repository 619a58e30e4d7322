"""Scoring criteria (评分标准) as executable rules: `interpret` reads one, `Interpretation.score` applies it."""

from reading.criteria.model import Band, Event, Interpretation, Item, Reading, Slope
from reading.criteria.parse import convention, interpret

__all__ = ["Band", "Event", "Interpretation", "Item", "Reading", "Slope", "convention", "interpret"]
