"""A worker's rights over their data (PIPL Art. 15, 47): deletion requests, erasure, withdrawing consent."""
