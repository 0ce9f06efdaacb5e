"""Declared link/scene strings -> the guide's link numbers (via classifiers.names.normalize_label)."""

from __future__ import annotations

from catalog.reference import Guide
from model.submission import Instance


def _normalize(link: str | None, scene: str | None, guide: Guide) -> tuple[str | None, str | None]:
    """Declared link/scene -> canonical (link, scene) names, tolerant of typos and other editions."""
    try:
        from classifiers.names import normalize_label
    except ImportError:  # classifiers.names lands in parallel; exact names until then
        link_obj = guide.link_by_name(link or "") if link else None
        scene_obj = guide.scene_by_name(scene or "") if scene else None
        return (link_obj.name if link_obj else None, scene_obj.name if scene_obj else None)
    label = normalize_label(link, scene, guide)
    return label.link, label.scene


def link_number(inst: Instance, guide: Guide) -> int | None:
    """Instance -> the guide number of its declared link (from the scene when the link is unreadable)."""
    link, scene = _normalize(inst.declared_link, inst.declared_scene, guide)
    if link:
        found = guide.link_by_name(link)
        if found:
            return found.number
    if scene:
        scene_obj = guide.scene_by_name(scene)
        if scene_obj:
            return scene_obj.link
    return None
