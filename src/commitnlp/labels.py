"""The label set and structural roles, as defined in the shared labelling guide."""

LABELS: tuple[str, ...] = ("FIRM", "VAGUE", "REFUSAL", "NONE")
"""Labels for the responder's own sentences, in the order used by models and reports."""

ROLES: tuple[str, ...] = ("header", "recommendation", "response")
"""Structural roles. Only ``response`` sentences carry a label."""

LABEL_DESCRIPTIONS: dict[str, str] = {
    "FIRM": "undertakes a specific, checkable action, without hedging",
    "VAGUE": "an intention or openness that stops short of a checkable undertaking",
    "REFUSAL": "declines, rejects or rules out an action",
    "NONE": "facts, background, past work, beliefs, courtesy",
}
