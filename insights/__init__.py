"""Counsellor insights: an anonymous demand log (what teachers asked for, in bands and topic keys) set against
the knowledge's offer, with every group of fewer than 5 conversations folded into "overig".

One module per concern: bands (numbers into bands), store (the SQLite demand log), rows (a recommendation
turn into a row), supply (the offer from knowledge/), anonymity (folding small groups), figures (the
report's numbers), plots (matplotlib), html (the page and the report), answers (the in-conversation words),
demo (rows from eval/ profiles and generated rows for the benchmark).
"""
