from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.two_factor_manage, name="two_factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes_new, name="recovery_codes_new"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("locked-logins/", views.locked_logins, name="locked_logins"),
    path("locked-logins/unlock/", views.login_unlock, name="login_unlock"),
]
