// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include "sl-window.h"

struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;

  /* Owned */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
restore_window_state (SlWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* GTK keeps the default size at the size of the unmaximized window, which is
 * what the next start should restore. */
static void
save_window_state (SlWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* Every way a window goes away (closing it, app.quit) unrealizes it: saving the
 * state here covers them all. */
static void
sl_window_unrealize (GtkWidget *widget)
{
  SlWindow *self = SL_WINDOW (widget);

  if (self->settings != NULL)
    save_window_state (self);

  GTK_WIDGET_CLASS (sl_window_parent_class)->unrealize (widget);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  widget_class->unrealize = sl_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
}

static void
sl_window_init (SlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (APPLICATION_ID);
  restore_window_state (self);
}

/**
 * sl_window_new:
 * @application: the application the window belongs to
 *
 * Creates a main window of Sightline.
 *
 * Returns: (transfer none): a new #SlWindow, owned by GTK like every toplevel
 */
SlWindow *
sl_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
}

/**
 * sl_window_add_toast:
 * @self: a #SlWindow
 * @toast: (transfer full): the toast to show
 *
 * Shows @toast at the bottom of the window.
 */
void
sl_window_add_toast (SlWindow *self, AdwToast *toast)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
