// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-view-grid.h"
#include "sl-window.h"

struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *content_stack;
  SlViewGrid *view_grid;
  AdwStatusPage *failed_page;

  /* Borrowed */
  SlApplication *application;

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

static void
update_content (SlWindow *self)
{
  const char *page = "starting";
  const char *error;
  g_autofree char *description = NULL;

  if (self->application == NULL)
    return;

  switch (sl_application_get_recorder_status (self->application))
    {
      case SL_RECORDER_STATUS_STARTING:
        page = "starting";
        break;

      case SL_RECORDER_STATUS_RUNNING:
        if (g_list_model_get_n_items (sl_application_get_cameras (self->application)) > 0)
          page = "cameras";
        else
          page = "empty";
        break;

      case SL_RECORDER_STATUS_FAILED:
        /* The status page reads its description as markup. */
        error = sl_application_get_recorder_error (self->application);
        description = g_markup_escape_text (error != NULL ? error : "", -1);
        adw_status_page_set_description (self->failed_page, description);
        page = "failed";
        break;

      case SL_RECORDER_STATUS_STOPPING:
      case SL_RECORDER_STATUS_STOPPED:
      default:
        page = "stopping";
        break;
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);
  adw_window_title_set_subtitle (self->window_title,
                                 g_str_equal (page, "cameras") ? _ ("All cameras") : NULL);
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
  self->application = NULL;

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SL_TYPE_VIEW_GRID);

  object_class->dispose = sl_window_dispose;
  widget_class->unrealize = sl_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_grid);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, failed_page);
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
 * Creates a main window of Sightline, which shows the live video of the cameras that
 * @application records, or why it does not record.
 *
 * Returns: (transfer none): a new #SlWindow, owned by GTK like every toplevel
 */
SlWindow *
sl_window_new (SlApplication *application)
{
  SlWindow *self;

  g_return_val_if_fail (SL_IS_APPLICATION (application), NULL);

  self = g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
  /* The window belongs to the application, which outlives it. */
  self->application = application;

  sl_view_grid_set_cameras (self->view_grid, sl_application_get_cameras (application));
  g_signal_connect_object (application, "notify::recorder-status", G_CALLBACK (update_content),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sl_application_get_cameras (application), "items-changed",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  update_content (self);

  return self;
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
