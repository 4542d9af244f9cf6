"""Result documents: the immutable original of each capture, later edits, and artifact links."""
