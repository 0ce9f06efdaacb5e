"""Declared link/scene strings -> the guide's link numbers (via classifiers.names.normalize_label)."""

from __future__ import annotations

from catalog.reference import Guide
from classifiers.names import normalize_label
from model.submission import Instance


def link_number(inst: Instance, guide: Guide) -> int | None:
    """Instance -> the guide number of its declared link (from the declared scene when the link is unreadable)."""
    label = normalize_label(inst.declared_link, inst.declared_scene, guide)
    if label.link:
        found = guide.link_by_name(label.link)
        if found:
            return found.number
    if label.scene:
        scene = guide.scene_by_name(label.scene)
        if scene:
            return scene.link
    return None
