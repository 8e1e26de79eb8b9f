// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-sidebar.h"
#include "sl-view-store.h"
#include "sl-window.h"

G_BEGIN_DECLS

/* Shared by sl-window.c (state, status, actions), sl-window-tabs.c (views
 * in tabs, their memory, first start) and sl-window-dialogs.c (new, rename,
 * delete). */
struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *content_stack;
  AdwStatusPage *failed_page;
  GtkSpinner *starting_spinner;
  GtkSpinner *stopping_spinner;
  AdwFlap *flap;
  SlSidebar *sidebar;
  AdwTabView *tab_view;
  GtkStack *tabs_stack;
  GtkMenuButton *status_button;
  GtkListBox *status_list;
  GMenu *tab_monitor_menu;

  /* Borrowed */
  SlApplication *application;
  AdwTabPage *menu_page; /* the tab whose context menu is open */

  /* Owned */
  GSettings *settings;
  SlViewStore *store;         /* while the recorder runs */
  GPtrArray *watched_cameras; /* SlCamera whose state the status button shows */

  /* Tabs are being opened or closed by the program, not the user: the
   * remembered set stays as it is. */
  gboolean restoring;
};

/* sl-window-tabs.c */
void sl_window_tabs_init (SlWindow *self);
void sl_window_tabs_set_store (SlWindow *self, SlViewStore *store);
/* Opens @reference ("view:ID", "camera:ID") in a tab, or selects its tab. */
AdwTabPage *sl_window_open_reference (SlWindow *self, const char *reference);
const char *sl_window_page_get_reference (AdwTabPage *page);
GtkWidget *sl_window_create_reference_content (SlWindow *self,
                                               const char *reference,
                                               char **title,
                                               const char **icon_name);
void sl_window_save_split_view (SlWindow *self, gint64 view_id, const SlViewLayout *layout);
void sl_window_update_edit_action (SlWindow *self);
void sl_window_show_on_monitor (SlWindow *self, const char *reference, guint monitor);
void sl_window_show_error (SlWindow *self, const GError *error);

/* sl-window-dialogs.c */
void sl_window_new_split_view (SlWindow *self);
void sl_window_new_sequence (SlWindow *self);
void sl_window_new_folder (SlWindow *self);
void sl_window_new_camera_view (SlWindow *self);
void sl_window_move_view (SlWindow *self, gint64 view_id, gint64 folder_id);
void sl_window_place_view (SlWindow *self, gint64 view_id, gint64 folder_id, int index);
void sl_window_edit_sequence (SlWindow *self, gint64 view_id);
void sl_window_rename_view (SlWindow *self, gint64 view_id);
void sl_window_delete_view (SlWindow *self, gint64 view_id);

/* sl-window-recordings.c */
void sl_window_show_recordings (SlWindow *self, gint64 camera_id);
void sl_window_show_view_recordings (SlWindow *self, gint64 view_id);
void sl_window_instant_replay (SlWindow *self, gint64 camera_id);

G_END_DECLS
