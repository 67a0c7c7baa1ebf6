"""The local music catalog: tracks the operator adds, identified in clips by fingerprint."""
