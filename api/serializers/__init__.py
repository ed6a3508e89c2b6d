"""Serializers: briefs for nesting, one module per subject."""
