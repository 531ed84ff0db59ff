"""The analyst web app's built front end (``static/``, made by ``npm run build`` in ``web/``)."""
