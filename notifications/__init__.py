"""What leaves the gateway on its own: e-mails with a document's files, and webhooks with its events.

Layers: above printing/ (a mail attaches the printout), below actions/. `worker.py` runs the queues as
passes of the worker process; `dispatch.py` hands each new event (models/events.py) to the company's
webhooks and automatic e-mail; `mail.py` and `smtp.py` send e-mail, `webhooks.py` calls the webhooks.
"""
