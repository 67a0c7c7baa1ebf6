from clipapi.queue.base import JobQueue
from clipapi.queue.in_process import InProcessQueue

__all__ = ["InProcessQueue", "JobQueue"]
