"""Damage claims: dated parameters, statutory interest, smartengeld suggestions, the claim and its text."""
