"""Scoring criteria (评分标准) as executable rules: `interpret` reads one, `Interpretation.score` applies it."""

from checks.criteria.model import Band, Event, Interpretation, Item, Reading, Slope
from checks.criteria.parse import convention, interpret

__all__ = ["Band", "Event", "Interpretation", "Item", "Reading", "Slope", "convention", "interpret"]
