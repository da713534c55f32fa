"""selfreview: a drafting assistant for the 民主生活会 self-review (对照检查材料)."""
