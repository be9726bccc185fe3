"""Structure: the numbering grammar (markers, numerals), segmentation, tree building and metadata."""
