"""The Ba Đình demo committee: its people, processes, term targets and two years of work.

The data (``org``, ``processes``, ``targets``, ``templates``) and the plan of tasks
(``plan``: each task's ``story``, told over the ``timeline``'s days with the words and
numbers of ``content``) are plain Python, computed from a fixed random seed; ``seed``
writes them to the database, moving every task through ``assignments.services`` at the
moment each action plausibly happened, so every event trail is a real one.
"""
