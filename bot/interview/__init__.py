"""The interview: which question comes next, and what an answer changes."""
