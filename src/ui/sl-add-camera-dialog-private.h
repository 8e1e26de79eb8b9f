// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sl-add-camera-dialog.h"

G_BEGIN_DECLS

/* Shared by the files of SlAddCameraDialog: sl-add-camera-dialog.c (adding,
 * stream URL, video file) and sl-add-camera-dialog-search.c (search). */

struct _SlAddCameraDialog
{
  AdwWindow parent_instance;

  /* Template children */
  AdwViewStack *stack;
  AdwEntryRow *ranges_row;
  AdwEntryRow *ports_row;
  GtkProgressBar *progress_bar;
  GtkLabel *search_message;
  GtkLabel *selection_label;
  GtkColumnView *results_view;
  GtkColumnViewColumn *address_column;
  GtkColumnViewColumn *model_column;
  GtkColumnViewColumn *status_column;
  AdwEntryRow *url_name_row;
  AdwEntryRow *url_row;
  AdwEntryRow *url_user_row;
  AdwEntryRow *url_password_row;
  GtkLabel *url_message;
  AdwEntryRow *file_name_row;
  AdwActionRow *file_row;
  GtkLabel *file_message;

  /* Owned */
  SlRecorder *recorder;
  SlDiscovery *discovery;
  GtkMultiSelection *selection;
  GCancellable *search_cancellable;
  GCancellable *cancellable; /* everything else; cancelled when the dialog goes */
  GtkFileChooserNative *file_chooser;
  char *file_path;

  /* Cameras being added, and where their errors go. */
  guint adds_pending;
  guint adds_succeeded;
  GString *add_errors;
  GtkLabel *add_message;
};

typedef enum
{
  MESSAGE_INFO,
  MESSAGE_ERROR,
  MESSAGE_SUCCESS,
} MessageKind;

void sl_add_camera_dialog_show_message (GtkLabel *label, MessageKind kind, const char *text);
gboolean sl_add_camera_dialog_is_closed (SlAddCameraDialog *self);
char *sl_add_camera_dialog_dup_trimmed (AdwEntryRow *row);
gboolean sl_add_camera_dialog_check_recorder (SlAddCameraDialog *self, GtkLabel *message);
void sl_add_camera_dialog_add_camera (SlAddCameraDialog *self,
                                      const SlCameraRecord *record,
                                      const char *password,
                                      GtkLabel *message);

void sl_add_camera_dialog_init_search (SlAddCameraDialog *self);
void sl_add_camera_dialog_class_init_search (GtkWidgetClass *widget_class);

G_END_DECLS
