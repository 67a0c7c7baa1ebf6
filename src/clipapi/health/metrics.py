"""Prometheus metrics on a registry of our own (tests build many apps in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()
HTTP_REQUESTS = Counter(
    "clipapi_http_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY
)
HTTP_LATENCY = Histogram(
    "clipapi_http_request_seconds", "HTTP request latency", ["method", "route"], registry=REGISTRY
)
ANALYSES_BY_STATUS = Gauge("clipapi_analyses", "Analyses by status", ["status"], registry=REGISTRY)
STEP_SECONDS = Histogram(
    "clipapi_step_seconds",
    "Pipeline step wall time",
    ["step", "outcome"],
    registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
