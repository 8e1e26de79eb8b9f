// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-data-dir.h"
#include "sl-preferences-window.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char *data_dir;
};

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_options[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Use DIR for the catalog instead of the default data folder"), N_ ("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and exit"), NULL },
  { NULL },
};

static void
set_data_dir (SlApplication *self, const char *data_dir)
{
  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

/* The window that shows what the application has to say: the active one if it is
 * a main window, else any main window (the active one may be a dialog). */
static SlWindow *
get_main_window (SlApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SL_IS_WINDOW (active))
    return SL_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (SL_IS_WINDOW (l->data))
        return SL_WINDOW (l->data);
    }

  return NULL;
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  GList *windows = NULL;

  /* Dialogs go first: a transient window must not outlive its parent. Hold
   * references while walking a copy of the list, which destroying changes. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (gtk_window_get_transient_for (l->data) != NULL)
        windows = g_list_prepend (windows, g_object_ref (l->data));
      else
        windows = g_list_append (windows, g_object_ref (l->data));
    }
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  static const char *developers[] = {
    "The Sightline developers",
    NULL,
  };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (get_main_window (self)));
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (about), TRUE);
  adw_about_window_set_application_name (about, PACKAGE_NAME);
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_comments (about, _ ("Watch, record and play back network cameras"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, PACKAGE_WEBSITE);
  adw_about_window_set_issue_url (about, PACKAGE_ISSUES);
  /* Translators: replace with your names and email addresses, one translator
   * per line. */
  adw_about_window_set_translator_credits (about, _ ("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  GtkWidget *preferences;

  preferences = sl_preferences_window_new (GTK_WINDOW (get_main_window (self)));
  /* Belonging to the application, the window gets its shortcuts (Ctrl+Q). */
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
add_camera_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SlApplication *self = SL_APPLICATION (user_data);
  SlWindow *window = get_main_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_main_window (self);
    }

  /* Until the recorder is part of the application, say so instead of showing a
   * dialog that could not add anything. */
  if (window != NULL)
    sl_window_add_toast (window, adw_toast_new (_ ("Adding cameras comes with the recorder, which "
                                                   "this version does not include yet")));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "add-camera", add_camera_activated },
};

static int
sl_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  SlApplication *self = SL_APPLICATION (application);
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  const char *requested = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "data-dir", "^&ay", &requested);

  data_dir = sl_data_dir_resolve (requested, &error);
  if (data_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_debug ("Data folder: %s", data_dir);
  set_data_dir (self, data_dir);

  if (G_APPLICATION_CLASS (sl_application_parent_class)->handle_local_options != NULL)
    return G_APPLICATION_CLASS (sl_application_parent_class)
        ->handle_local_options (application, options);

  return -1;
}

static void
sl_application_startup (GApplication *application)
{
  static const char *quit_accels[] = {
    "<Control>q",
    NULL,
  };
  static const char *preferences_accels[] = {
    "<Control>comma",
    NULL,
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
}

static void
sl_application_activate (GApplication *application)
{
  SlWindow *window = get_main_window (SL_APPLICATION (application));

  if (window == NULL)
    window = sl_window_new (GTK_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
}

static void
sl_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlApplication *self = SL_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_DATA_DIR:
        g_value_set_string (value, self->data_dir);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_application_finalize (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_free (self->data_dir);

  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = sl_application_get_property;
  object_class->finalize = sl_application_finalize;

  application_class->handle_local_options = sl_application_handle_local_options;
  application_class->startup = sl_application_startup;
  application_class->activate = sl_application_activate;

  /**
   * SlApplication:data-dir: (nullable)
   *
   * The absolute path of the data folder: `--data-dir` if given, else
   * `$XDG_DATA_HOME/sightline`. Set while the command line is handled, so it is
   * known before the first window opens.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_application_init (SlApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
}

/**
 * sl_application_new:
 *
 * Creates the Sightline application.
 *
 * Returns: (transfer full): a new #SlApplication
 */
SlApplication *
sl_application_new (void)
{
  SlApplication *self = g_object_new (SL_TYPE_APPLICATION, "application-id", APPLICATION_ID,
                                      "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);

  /* AdwApplication loads style.css, and GtkApplication gtk/help-overlay.ui, from here. */
  g_application_set_resource_base_path (G_APPLICATION (self), "/org/sightline/Sightline");

  return self;
}

/**
 * sl_application_get_data_dir:
 * @self: a #SlApplication
 *
 * Gets the data folder, see #SlApplication:data-dir.
 *
 * Returns: (nullable): the absolute path of the data folder, or %NULL before the
 *   command line was handled
 */
const char *
sl_application_get_data_dir (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->data_dir;
}
