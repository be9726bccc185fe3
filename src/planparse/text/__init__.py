"""The bottom layer: pure string functions over Chinese plan text.

Imports only the standard library, opencc and ``planparse.data``: the matching form (normalize), the
numbering grammar (markers, numerals), line kinds (lines), the noise rules (noise) and short display
helpers (strings). Everything above (read, clean, structure, classify, features) may import it; it
imports nothing above.
"""
