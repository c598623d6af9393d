from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .services import notifications_mark_read


@login_required
def inbox(request):
    """The latest notifications; opening the page marks them read."""
    notifications = list(request.user.notifications.all()[:50])
    notifications_mark_read(request.user)
    return render(request, "notifications/inbox.html", {"notifications": notifications})
