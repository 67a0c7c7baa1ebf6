"""Model runners: each loads lazily, once per process, under a lock; weights come from packages."""
