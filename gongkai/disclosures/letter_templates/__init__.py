"""The default letter templates (package data), one ``<key>.txt`` per letter kind.

An office overrides them per unit on the staff page; the overrides live under
``DATA_DIR/templates/letters/<unit>/<key>.txt`` (see ``gongkai.disclosures.letters``).
"""
