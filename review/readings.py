"""Which value the later stages use when a check read a field again: the one rule, in one place.

A check never changes an extracted field. When it reads a value again (checks.ocr_credit: a credit code
that fails its check digit on a scan, read again line by line) it adds a Reading to
`Submission.corrections` with the first reading, the new value and how it was obtained. `settled`
decides: a Reading made by a second OCR reading of the same print replaces the first reading in the
field the pairing, the comparison, the batch rules and the reports read; the first reading stays in the
Reading (and in the OCR_REREAD finding) for the officer.
"""

from __future__ import annotations

from model.submission import Reading, Submission

# field paths a Reading may settle, and the kinds of reading (Reading.how prefix) trusted to do so
SETTLED_FIELDS = {"fields.credit_code"}
TRUSTED = ("ocr_reread",)


def adopted(reading: Reading) -> bool:
    """Reading -> True when the review uses its value instead of the first reading."""
    return reading.field in SETTLED_FIELDS and reading.how.startswith(TRUSTED)


def settled(sub: Submission) -> Submission:
    """Submission with corrections -> the same with each adopted Reading's value in its field."""
    updates = {r.field.removeprefix("fields."): r.value for r in sub.corrections if adopted(r)}
    updates = {k: v for k, v in updates.items() if getattr(sub.fields, k) != v}
    if not updates:
        return sub
    return sub.model_copy(update={"fields": sub.fields.model_copy(update=updates)})
