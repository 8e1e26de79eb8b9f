// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-add-camera-dialog-private.h"
#include "sl-device-admin.h"

/* The Search page of the Add Cameras dialog: ranges and ports, the results
 * list with its Status column, entering and setting passwords. */

/* ---- search -------------------------------------------------------------- */

static void
update_search_actions (SlAddCameraDialog *self)
{
  gboolean running = sl_discovery_get_running (self->discovery);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-camera.search", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-camera.cancel-search", running);
}

static void
on_progress (SlDiscovery *discovery, GParamSpec *pspec, SlAddCameraDialog *self)
{
  guint total = sl_discovery_get_n_total (discovery);
  guint probed = sl_discovery_get_n_probed (discovery);
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, "");
      return;
    }
  text = g_strdup_printf (_ ("%u of %u addresses"), probed, total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double)probed / total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
update_selection_label (SlAddCameraDialog *self)
{
  g_autoptr (GtkBitset) selected =
      gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = (guint)gtk_bitset_get_size (selected);
  g_autofree char *text = NULL;

  if (n > 0)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u device selected", "%u devices selected", n), n);
  gtk_label_set_text (self->selection_label, text ? text : "");
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint position,
                      guint n_items,
                      SlAddCameraDialog *self)
{
  update_selection_label (self);
}

/* Rows that can be added are selected as they become so. */
static void
on_device_status (SlDiscoveredDevice *device, GParamSpec *pspec, SlAddCameraDialog *self)
{
  GListModel *devices = sl_discovery_get_devices (self->discovery);

  if (sl_discovered_device_get_status (device) != SL_DISCOVERY_STATUS_COMMUNICATING)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr (SlDiscoveredDevice) item = g_list_model_get_item (devices, i);

      if (item == device)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
    }
}

static void
on_devices_changed (
    GListModel *devices, guint position, guint removed, guint added, SlAddCameraDialog *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (SlDiscoveredDevice) device = g_list_model_get_item (devices, i);

      g_signal_connect_object (device, "notify::status", G_CALLBACK (on_device_status), self, 0);
      on_device_status (device, NULL, self);
    }
}

static void
search_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlAddCameraDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint n_devices = g_list_model_get_n_items (sl_discovery_get_devices (self->discovery));
  guint n_total = sl_discovery_get_n_total (self->discovery);
  guint n_none;
  g_autofree char *text = NULL;

  if (sl_add_camera_dialog_is_closed (self))
    {
      sl_discovery_run_finish (SL_DISCOVERY (source), result, NULL);
      return;
    }
  update_search_actions (self);
  if (!sl_discovery_run_finish (SL_DISCOVERY (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "Search cancelled; %u device found so far.",
                         "Search cancelled; %u devices found so far.", n_devices),
            n_devices);
      sl_add_camera_dialog_show_message (
          self->search_message, error->code == G_IO_ERROR_CANCELLED ? MESSAGE_INFO : MESSAGE_ERROR,
          text ? text : error->message);
      return;
    }
  if (n_devices == 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "No device answered at the address searched; check "
                                           "the address, the port and that the device is on.",
                                           "No device answered at the %u addresses searched; "
                                           "check the ranges, the ports and that the devices "
                                           "are on.",
                                           n_total),
                              n_total);
      sl_add_camera_dialog_show_message (self->search_message, MESSAGE_ERROR, text);
      return;
    }
  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Found %u device.", "Found %u devices.", n_devices), n_devices);
  n_none = sl_discovery_get_n_no_device (self->discovery);
  if (n_none > 0)
    {
      g_autofree char *found = g_steal_pointer (&text);

      /* Translators: the first %s says how many devices were found. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Nothing answered at %u address.",
                                           "%s Nothing answered at %u addresses.", n_none),
                              found, n_none);
    }
  sl_add_camera_dialog_show_message (self->search_message, MESSAGE_INFO, text);
}

static GPtrArray *
dup_known_cameras (SlAddCameraDialog *self)
{
  GPtrArray *records = g_ptr_array_new ();
  GPtrArray *cameras = self->recorder ? sl_recorder_get_cameras (self->recorder) : NULL;

  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      const SlCameraRecord *record =
          sl_recorder_get_camera_record (self->recorder, sl_camera_get_id (cameras->pdata[i]));

      if (record != NULL)
        g_ptr_array_add (records, (gpointer)record);
    }
  return records;
}

static void
search (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  g_autofree char *hosts = sl_add_camera_dialog_dup_trimmed (self->ranges_row);
  g_autofree char *ports = sl_add_camera_dialog_dup_trimmed (self->ports_row);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAddressRange) range = sl_address_range_parse (hosts, ports, &error);
  g_autoptr (GPtrArray) known = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->ranges_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->ports_row), "error");
  if (range == NULL)
    {
      /* Mark the field at fault: port messages name a port or ask for one. */
      g_autoptr (SlAddressRange) hosts_only = sl_address_range_parse (hosts, "80", NULL);

      gtk_widget_add_css_class (GTK_WIDGET (hosts_only ? self->ports_row : self->ranges_row),
                                "error");
      sl_add_camera_dialog_show_message (self->search_message, MESSAGE_ERROR, error->message);
      return;
    }

  sl_add_camera_dialog_show_message (self->search_message, MESSAGE_INFO, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  known = dup_known_cameras (self);
  sl_discovery_set_known_cameras (self->discovery, known);
  sl_discovery_run_async (self->discovery, g_steal_pointer (&range), NULL, NULL,
                          self->search_cancellable, search_done_cb, g_object_ref (self));
  update_search_actions (self);
}

static void
on_search_entry_activated (SlAddCameraDialog *self)
{
  if (!sl_discovery_get_running (self->discovery))
    gtk_widget_activate_action (GTK_WIDGET (self), "add-camera.search", NULL);
}

static void
cancel_search (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_cancellable_cancel (SL_ADD_CAMERA_DIALOG (widget)->search_cancellable);
}

static void
add_selected (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlAddCameraDialog *self = SL_ADD_CAMERA_DIALOG (widget);
  GListModel *devices = G_LIST_MODEL (self->selection);
  g_autoptr (GtkBitset) selected =
      gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (GPtrArray) addable = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (!sl_add_camera_dialog_check_recorder (self, self->search_message))
    return;
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (SlDiscoveredDevice) device = g_list_model_get_item (devices, position);

      if (sl_discovered_device_get_status (device) == SL_DISCOVERY_STATUS_COMMUNICATING)
        g_ptr_array_add (addable, g_steal_pointer (&device));
    }
  if (addable->len == 0)
    {
      sl_add_camera_dialog_show_message (
          self->search_message, MESSAGE_ERROR,
          _ ("Select one or more devices whose status is Communicating; resolve the "
             "status of the others first."));
      return;
    }

  for (guint i = 0; i < addable->len; i++)
    {
      SlDiscoveredDevice *device = addable->pdata[i];
      const SlVapixDevice *info = sl_discovered_device_get_info (device);
      g_autofree char *name =
          g_strdup_printf (_ ("%s at %s"), info->model, sl_discovered_device_get_address (device));
      SlCameraRecord record = {
        .name = name,
        .driver = (char *)SL_DRIVER_VAPIX,
        .address = info->address,
        .username = (char *)sl_discovered_device_get_username (device),
        .model = info->model,
        .serial = info->serial,
        .main_url = info->main_url,
        .sub_url = info->sub_url,
        .enabled = TRUE,
        .transport = SL_TRANSPORT_TCP_THEN_UDP,
      };

      sl_add_camera_dialog_add_camera (self, &record, sl_discovered_device_get_password (device),
                                       self->search_message);
    }
}

/* ---- enter password, set password ---------------------------------------- */

typedef struct
{
  SlAddCameraDialog *self;
  SlDiscoveredDevice *device;
  SlDiscoveryStatus status;
  GtkEditable *user_entry;
  GtkEditable *password_entry;
  GtkCheckButton *reuse_check;
  AdwEntryRow *generated_row; /* shows a generated password */
} PasswordPrompt;

static void
password_prompt_free (PasswordPrompt *prompt)
{
  g_object_unref (prompt->self);
  g_object_unref (prompt->device);
  g_free (prompt);
}

static void
account_tried_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlAddCameraDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == sl_discovery_set_password_async)
    ok = sl_discovery_set_password_finish (SL_DISCOVERY (source), result, &error);
  else
    ok = sl_discovery_authenticate_finish (SL_DISCOVERY (source), result, &error);
  if (!ok && !sl_add_camera_dialog_is_closed (self) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sl_add_camera_dialog_show_message (self->search_message, MESSAGE_ERROR, error->message);
}

static void
on_password_response (AdwMessageDialog *dialog, const char *response, PasswordPrompt *prompt)
{
  SlAddCameraDialog *self = prompt->self;
  GListModel *devices = sl_discovery_get_devices (self->discovery);
  const char *user = gtk_editable_get_text (prompt->user_entry);
  const char *password = gtk_editable_get_text (prompt->password_entry);
  gboolean reuse = gtk_check_button_get_active (prompt->reuse_check);
  g_autoptr (GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);

  /* The dialog closes next: destroying it with the focus in an entry row makes
   * GTK 4.8 notify the row after it is gone. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_strcmp0 (response, "apply") != 0)
    return;

  g_ptr_array_add (targets, g_object_ref (prompt->device));
  for (guint i = 0; reuse && i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr (SlDiscoveredDevice) other = g_list_model_get_item (devices, i);

      if (other != prompt->device && sl_discovered_device_get_status (other) == prompt->status)
        g_ptr_array_add (targets, g_steal_pointer (&other));
    }

  sl_add_camera_dialog_show_message (self->search_message, MESSAGE_INFO, NULL);
  for (guint i = 0; i < targets->len; i++)
    {
      if (prompt->status == SL_DISCOVERY_STATUS_SET_PASSWORD)
        sl_discovery_set_password_async (self->discovery, targets->pdata[i], user, password,
                                         self->cancellable, account_tried_cb, g_object_ref (self));
      else
        sl_discovery_authenticate_async (self->discovery, targets->pdata[i], user, password,
                                         self->cancellable, account_tried_cb, g_object_ref (self));
    }
}

static void
on_password_changed (GtkEditable *editable, AdwMessageDialog *dialog)
{
  const char *password = gtk_editable_get_text (editable);

  adw_message_dialog_set_response_enabled (dialog, "apply", password[0] != '\0');
}

static void
on_generate_clicked (GtkButton *button, PasswordPrompt *prompt)
{
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.";
  char password[17];

  for (guint i = 0; i < 16; i++)
    password[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  password[16] = '\0';
  gtk_editable_set_text (prompt->password_entry, password);
  /* A generated password is shown, so that it can be copied and kept. */
  gtk_editable_set_text (GTK_EDITABLE (prompt->generated_row), password);
  gtk_widget_set_visible (GTK_WIDGET (prompt->generated_row), TRUE);
  memset (password, 0, sizeof password);
}

static void
ask_password (SlAddCameraDialog *self, SlDiscoveredDevice *device)
{
  SlDiscoveryStatus status = sl_discovered_device_get_status (device);
  gboolean setting = status == SL_DISCOVERY_STATUS_SET_PASSWORD;
  PasswordPrompt *prompt = g_new0 (PasswordPrompt, 1);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *fields = gtk_list_box_new ();
  GtkWidget *user = adw_entry_row_new ();
  GtkWidget *password = adw_password_entry_row_new ();
  GtkWidget *reuse;
  g_autofree char *body = NULL;

  prompt->self = g_object_ref (self);
  prompt->device = g_object_ref (device);
  prompt->status = status;

  if (setting)
    body = g_strdup_printf (_ ("The camera at %s has no administrator account yet. Sightline "
                               "creates it with this user name and password."),
                            sl_discovered_device_get_address (device));
  else
    body = g_strdup_printf (_ ("The camera at %s asks for the user name and password of an "
                               "administrator."),
                            sl_discovered_device_get_address (device));
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   setting ? _ ("Set Password") : _ ("Enter Password"), body);

  gtk_editable_set_text (GTK_EDITABLE (user), "root");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (user), _ ("User Name"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password), _ ("Password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (password), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (fields), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (fields, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (fields), user);
  gtk_list_box_append (GTK_LIST_BOX (fields), password);
  gtk_box_append (GTK_BOX (box), fields);
  if (setting)
    {
      GtkWidget *generate = gtk_button_new_with_mnemonic (_ ("_Generate"));
      GtkWidget *generated = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (generated),
                                     _ ("Generated Password (copy and keep it)"));
      gtk_editable_set_editable (GTK_EDITABLE (generated), FALSE);
      gtk_widget_set_visible (generated, FALSE);
      gtk_list_box_append (GTK_LIST_BOX (fields), generated);
      prompt->generated_row = ADW_ENTRY_ROW (generated);
      gtk_widget_set_halign (generate, GTK_ALIGN_START);
      g_signal_connect (generate, "clicked", G_CALLBACK (on_generate_clicked), prompt);
      gtk_box_append (GTK_BOX (box), generate);
    }
  reuse = gtk_check_button_new_with_label (
      setting ? _ ("Use this password for every device with the status “Set password”")
              : _ ("Use it for every device with the status “Enter password”"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (reuse), TRUE);
  gtk_box_append (GTK_BOX (box), reuse);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  prompt->user_entry = GTK_EDITABLE (user);
  prompt->password_entry = GTK_EDITABLE (password);
  prompt->reuse_check = GTK_CHECK_BUTTON (reuse);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "apply",
                                    setting ? _ ("_Set Password") : _ ("_Log In"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
  g_signal_connect (password, "changed", G_CALLBACK (on_password_changed), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_password_response), prompt,
                         (GClosureNotify)(void (*) (void))password_prompt_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (password);
}

static gboolean
on_status_link (GtkLinkButton *link, SlAddCameraDialog *self)
{
  SlDiscoveredDevice *device = g_object_get_data (G_OBJECT (link), "device");

  if (device != NULL)
    ask_password (self, device);
  return TRUE; /* not a URI to open */
}

/* ---- results columns ----------------------------------------------------- */

static void
setup_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_address_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  SlDiscoveredDevice *device = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      sl_discovered_device_get_address (device));
}

static void
update_model_cell (SlDiscoveredDevice *device, GParamSpec *pspec, GtkLabel *label)
{
  const char *model = sl_discovered_device_get_model (device);

  gtk_label_set_text (label, model ? model : "—");
}

static void
bind_model_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  SlDiscoveredDevice *device = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  update_model_cell (device, NULL, label);
  g_signal_connect_object (device, "notify::model", G_CALLBACK (update_model_cell), label, 0);
}

static void
unbind_model_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_model_cell,
                                        gtk_list_item_get_child (item));
}

/* The status cell: a label, or a link for the statuses the user resolves here. */
static void
setup_status_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  SlAddCameraDialog *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *link = gtk_link_button_new ("");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (link, GTK_ALIGN_START);
  gtk_widget_add_css_class (link, "sl-status-link");
  g_signal_connect (link, "activate-link", G_CALLBACK (on_status_link), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), link);
  gtk_list_item_set_child (item, box);
}

static void
update_status_cell (SlDiscoveredDevice *device, GParamSpec *pspec, GtkWidget *box)
{
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *link = gtk_widget_get_next_sibling (label);
  SlDiscoveryStatus status = sl_discovered_device_get_status (device);
  const char *text = sl_discovery_status_describe (status);
  gboolean is_link =
      status == SL_DISCOVERY_STATUS_ENTER_PASSWORD || status == SL_DISCOVERY_STATUS_SET_PASSWORD;

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_button_set_label (GTK_BUTTON (link), text);
  gtk_widget_set_visible (label, !is_link);
  gtk_widget_set_visible (link, is_link);
  gtk_widget_set_tooltip_text (box, sl_discovered_device_get_message (device));
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  if (status == SL_DISCOVERY_STATUS_COMMUNICATING)
    gtk_widget_add_css_class (label, "success");
  else if (status == SL_DISCOVERY_STATUS_COMMUNICATION_ERROR ||
           status == SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED)
    gtk_widget_add_css_class (label, "error");
}

static void
bind_status_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  SlDiscoveredDevice *device = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *link = gtk_widget_get_last_child (box);

  g_object_set_data_full (G_OBJECT (link), "device", g_object_ref (device), g_object_unref);
  update_status_cell (device, NULL, box);
  g_signal_connect_object (device, "notify", G_CALLBACK (update_status_cell), box, 0);
}

static void
unbind_status_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_status_cell, box);
  g_object_set_data (G_OBJECT (gtk_widget_get_last_child (box)), "device", NULL);
}

static void
set_column_factory (GtkColumnViewColumn *column,
                    SlAddCameraDialog *self,
                    GCallback setup,
                    GCallback bind,
                    GCallback unbind)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);
  gtk_column_view_column_set_factory (column, factory);
}

void
sl_add_camera_dialog_init_search (SlAddCameraDialog *self)
{
  GListModel *devices;

  self->discovery = sl_discovery_new ();
  devices = sl_discovery_get_devices (self->discovery);
  self->selection = gtk_multi_selection_new (g_object_ref (devices));
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  set_column_factory (self->address_column, self, G_CALLBACK (setup_label_cb),
                      G_CALLBACK (bind_address_cb), NULL);
  set_column_factory (self->model_column, self, G_CALLBACK (setup_label_cb),
                      G_CALLBACK (bind_model_cb), G_CALLBACK (unbind_model_cb));
  set_column_factory (self->status_column, self, G_CALLBACK (setup_status_cb),
                      G_CALLBACK (bind_status_cb), G_CALLBACK (unbind_status_cb));

  g_signal_connect (self->discovery, "notify::n-probed", G_CALLBACK (on_progress), self);
  g_signal_connect (self->discovery, "notify::n-total", G_CALLBACK (on_progress), self);
  g_signal_connect_object (devices, "items-changed", G_CALLBACK (on_devices_changed), self, 0);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  update_search_actions (self);
}

void
sl_add_camera_dialog_class_init_search (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activated);
  gtk_widget_class_install_action (widget_class, "add-camera.search", NULL, search);
  gtk_widget_class_install_action (widget_class, "add-camera.cancel-search", NULL, cancel_search);
  gtk_widget_class_install_action (widget_class, "add-camera.add-selected", NULL, add_selected);
}
