"""The case records: the case list, a case's people and history, and new referrals."""
