/* clt-profiles-page.c: the customers in the workspace
 *
 * Every customer in a column view over CltProfileList, which pages them in from SQLite off the
 * main thread: a million rows scroll like a hundred. Searching, sorting by any column and the
 * filters are done by the model in SQL. Selected customers can be merged into one, with Undo.
 * A banner offers the possible duplicates to review.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profiles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-cell-text.h"
#include "clt-consent-badge.h"
#include "clt-export-dialog.h"
#include "clt-format.h"
#include "clt-initials-avatar.h"
#include "clt-profile-view.h"
#include "clt-profiles-page.h"
#include "clt-sources-cell.h"
#include "clt-window.h"

/* The cities offered by the city filter. */
#define TOP_CITIES 200

typedef enum
{
  COLUMN_NAME,
  COLUMN_EMAIL,
  COLUMN_CITY,
  COLUMN_SOURCES,
  COLUMN_LAST_ACTIVITY,
  COLUMN_SPEND,
  COLUMN_CONSENT,
  N_COLUMNS
} Column;

struct _CltProfilesPage
{
  CltPage            parent_instance;

  AdwNavigationView *navigation;
  AdwBanner         *review_banner;
  GtkStack          *stack;
  GtkSearchEntry    *search_entry;
  GtkRevealer       *filter_revealer;
  GtkDropDown       *source_filter;
  GtkDropDown       *consent_filter;
  GtkDropDown       *purchase_filter;
  GtkDropDown       *city_filter;
  GtkStringList     *cities;
  GtkButton         *clear_filters;
  AdwBreakpointBin  *breakpoint_bin;
  GtkColumnView     *column_view;
  GtkLabel          *status_label;

  CltProfileList    *profiles;
  GtkMultiSelection *selection;
  /* the customer page, kept once closed to show the next customer: building it anew took
   * longer than reading the customer */
  CltProfileView    *spare_view;
  /* placeholder items shown (a reference) -> the cells showing them (GtkListItem) */
  GHashTable        *waiting;
  GCancellable      *cancellable;
  GDateTime         *now;
  gint64             data_version;
  gboolean           counted;
  /* the review count, and with a new list the cities, are read once the list is counted */
  gboolean           side_pending;
  gboolean           side_cities;
};

G_DEFINE_FINAL_TYPE (CltProfilesPage, clt_profiles_page, CLT_TYPE_PAGE)

/* Cells: each column's widget, filled from its item when the item's page has arrived. */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *child;

  switch (column)
    {
    case COLUMN_NAME:
      {
        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 9);
        gtk_box_append (GTK_BOX (child), clt_initials_avatar_new (24));
        gtk_box_append (GTK_BOX (child), clt_cell_text_new (0));
      }
      break;
    case COLUMN_SOURCES:
      child = clt_sources_cell_new ();
      break;
    case COLUMN_CONSENT:
      child = clt_consent_badge_new ();
      break;
    case COLUMN_EMAIL:
    case COLUMN_CITY:
    case COLUMN_LAST_ACTIVITY:
    case COLUMN_SPEND:
    case N_COLUMNS:
    default:
      child = clt_cell_text_new (column == COLUMN_SPEND ? 1 : 0);
      clt_cell_text_set_tabular (CLT_CELL_TEXT (child), column == COLUMN_SPEND);
      if (column == COLUMN_LAST_ACTIVITY)
        gtk_widget_add_css_class (child, "dim-label");
      break;
    }

  g_object_set_data (G_OBJECT (list_item), "column", user_data);
  gtk_list_item_set_child (list_item, child);
}

static void
set_text (GtkWidget  *widget,
          const char *text)
{
  clt_cell_text_set_text (CLT_CELL_TEXT (widget), text);
}

/* Fills @list_item's cell for @column from its item; a row whose page is on its way stays blank. */
static void
fill_cell (CltProfilesPage *self,
           GtkListItem     *list_item,
           Column           column)
{
  CltProfileItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gboolean loading = item == NULL || clt_profile_item_get_loading (item);

  switch (column)
    {
    case COLUMN_NAME:
      {
        GtkWidget *avatar = gtk_widget_get_first_child (child);
        const char *name = loading ? NULL : clt_profile_item_get_name (item);

        if (!loading && (name == NULL || name[0] == '\0'))
          name = clt_profile_item_get_email (item);
        clt_initials_avatar_set_text (CLT_INITIALS_AVATAR (avatar), name);
        set_text (gtk_widget_get_next_sibling (avatar), name);
      }
      break;
    case COLUMN_EMAIL:
      set_text (child, loading ? NULL : clt_profile_item_get_email (item));
      break;
    case COLUMN_CITY:
      set_text (child, loading ? NULL : clt_profile_item_get_city (item));
      break;
    case COLUMN_SOURCES:
      clt_sources_cell_set_sources (CLT_SOURCES_CELL (child), loading ? 0 : clt_profile_item_get_sources (item));
      break;
    case COLUMN_LAST_ACTIVITY:
      {
        g_autofree char *ago = NULL;

        if (!loading && clt_profile_item_get_last_activity (item))
          ago = clt_format_relative (clt_profile_item_get_last_activity (item), self->now);
        set_text (child, ago);
      }
      break;
    case COLUMN_SPEND:
      {
        g_autofree char *money = NULL;

        if (!loading && clt_profile_item_get_orders (item) > 0)
          money = clt_format_money (clt_profile_item_get_spend_cents (item), clt_profile_item_get_currency (item));
        set_text (child, money);
      }
      break;
    case COLUMN_CONSENT:
      {
        const char *consent = loading ? NULL : clt_profile_item_get_email_consent (item);
        CltConsentBadgeKind kind = CLT_CONSENT_BADGE_UNKNOWN;

        if (loading)
          kind = CLT_CONSENT_BADGE_NONE;
        else if (g_strcmp0 (consent, "given") == 0)
          kind = CLT_CONSENT_BADGE_GIVEN;
        else if (consent)
          kind = CLT_CONSENT_BADGE_REFUSED;
        clt_consent_badge_set_kind (CLT_CONSENT_BADGE (child), kind);
      }
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* A cell showing a placeholder waits for its page, in one table for all cells: connecting
 * each cell to its item would cost more than the rest of binding while scrolling. */
static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  CltProfilesPage *self = g_object_get_data (G_OBJECT (factory), "page");
  CltProfileItem *item = gtk_list_item_get_item (list_item);

  if (clt_profile_item_get_loading (item))
    {
      GPtrArray *cells = g_hash_table_lookup (self->waiting, item);

      if (cells == NULL)
        {
          cells = g_ptr_array_new ();
          g_hash_table_insert (self->waiting, g_object_ref (item), cells);
        }
      g_ptr_array_add (cells, list_item);
    }
  fill_cell (self, list_item, GPOINTER_TO_UINT (user_data));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  CltProfilesPage *self = g_object_get_data (G_OBJECT (factory), "page");
  CltProfileItem *item = gtk_list_item_get_item (list_item);
  GPtrArray *cells = item ? g_hash_table_lookup (self->waiting, item) : NULL;

  if (cells != NULL && g_ptr_array_remove_fast (cells, list_item) && cells->len == 0)
    g_hash_table_remove (self->waiting, item);
}

/* A page arrived: the cells of the placeholders it filled show their customers. */
static void
filled_cb (CltProfilesPage *self)
{
  GHashTableIter iter;
  gpointer item, cells;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &item, &cells))
    {
      if (clt_profile_item_get_loading (item))
        continue;
      for (guint i = 0; i < ((GPtrArray *) cells)->len; i++)
        {
          GtkListItem *list_item = g_ptr_array_index ((GPtrArray *) cells, i);

          fill_cell (self, list_item, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "column")));
        }
      g_hash_table_iter_remove (&iter);
    }
}

/* Sorting: the column view's sorter says which column and which way; the model sorts in SQL. */

static void
sorter_changed_cb (CltProfilesPage *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  GtkColumnViewColumn *column = gtk_column_view_sorter_get_primary_sort_column (GTK_COLUMN_VIEW_SORTER (sorter));
  GtkSortType order = gtk_column_view_sorter_get_primary_sort_order (GTK_COLUMN_VIEW_SORTER (sorter));
  static const CltProfileSort sorts[] = {
    CLT_PROFILE_SORT_NAME, CLT_PROFILE_SORT_EMAIL, CLT_PROFILE_SORT_CITY, CLT_PROFILE_SORT_SOURCES,
    CLT_PROFILE_SORT_LAST_ACTIVITY, CLT_PROFILE_SORT_SPEND, CLT_PROFILE_SORT_CONSENT,
  };
  Column id = column ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), "column")) : COLUMN_NAME;

  /* The columns go with the page. */
  if (self->profiles == NULL)
    return;
  clt_profile_list_set_sort (self->profiles, sorts[id], column != NULL && order == GTK_SORT_DESCENDING);
}

static void
add_column (CltProfilesPage *self,
            Column           column,
            const char      *title,
            gboolean         expand,
            int              width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), GUINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  g_object_set_data (G_OBJECT (view_column), "column", GUINT_TO_POINTER (column));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* The width a column needs the list to have to be shown: narrow lists show fewer
 * columns, a phone only the name and city. */
static int
column_min_width (Column column)
{
  switch (column)
    {
    case COLUMN_NAME:
    case COLUMN_CITY:
      return 0;
    case COLUMN_EMAIL:
    case COLUMN_SPEND:
      return 560;
    case COLUMN_SOURCES:
    case COLUMN_LAST_ACTIVITY:
    case COLUMN_CONSENT:
    case N_COLUMNS:
    default:
      return 900;
    }
}

/* A breakpoint of the list's bin that hides the columns needing @hidden_from pixels or more,
 * and with @hide_status the count below the list. The bin applies it before laying the list
 * out, so no frame binds cells of a column it hides; of the breakpoints that match, the one
 * added last applies. */
static void
add_breakpoint (CltProfilesPage *self,
                const char      *condition,
                int              hidden_from,
                gboolean         hide_status)
{
  AdwBreakpoint *breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse (condition));
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_auto(GValue) hidden = G_VALUE_INIT;

  g_value_init (&hidden, G_TYPE_BOOLEAN);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (column_min_width (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), "column"))) >= hidden_from)
        adw_breakpoint_add_setter (breakpoint, G_OBJECT (column), "visible", &hidden);
    }
  if (hide_status)
    adw_breakpoint_add_setter (breakpoint, G_OBJECT (self->status_label), "visible", &hidden);
  adw_breakpoint_bin_add_breakpoint (self->breakpoint_bin, breakpoint);
}

/* The count and the selection, below the list. */

static void
update_status (CltProfilesPage *self)
{
  guint n_items = self->profiles ? g_list_model_get_n_items (G_LIST_MODEL (self->profiles)) : 0;
  g_autoptr(GtkBitset) selected = self->selection ? gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection))
                                                  : gtk_bitset_new_empty ();
  guint64 n_selected = gtk_bitset_get_size (selected);
  g_autofree char *count = clt_format_count (n_items);
  g_autofree char *text = NULL;

  /* Translators: %s is a number of customers, such as 12.480 */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", n_items), count);
  if (n_selected > 0)
    {
      g_autofree char *selected_count = clt_format_count (n_selected);
      /* Translators: %s is a number of selected customers, such as 3 */
      g_autofree char *selected_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s selected", "%s selected",
                                                                      n_selected), selected_count);
      char *both = g_strdup_printf ("%s · %s", text, selected_text);

      g_free (text);
      text = both;
    }
  gtk_label_set_label (self->status_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.merge-selected", n_selected >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.add-to-list", n_selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.export-selected", n_selected >= 1);
}

static void
update_view (CltProfilesPage *self)
{
  guint n_items = self->profiles ? g_list_model_get_n_items (G_LIST_MODEL (self->profiles)) : 0;
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  gint64 n_profiles = workspace ? clt_page_get_count (CLT_PAGE (self), "profiles") : 0;
  const char *name;

  if (workspace == NULL || n_profiles == 0)
    name = "empty";
  else if (!self->counted)
    name = "loading";
  else if (n_items == 0)
    name = "no-results";
  else
    name = "list";
  gtk_stack_set_visible_child_name (self->stack, name);
  update_status (self);
}

static void
items_changed_cb (CltProfilesPage *self)
{
  update_view (self);
}

/* What the page shows beside the list: the pairs to review, and the cities to filter by. */
typedef struct
{
  char     *path;
  gboolean  cities;
} SideJob;

typedef struct
{
  gint64  n_review;
  GStrv   cities;
} Side;

static void
side_job_free (SideJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
side_free (Side *side)
{
  g_strfreev (side->cities);
  g_free (side);
}

static void
read_side_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SideJob *job = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  Side *side;

  /* A connection of its own: the page's stays with the main thread. */
  if (!(workspace = clt_workspace_open (job->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  side = g_new0 (Side, 1);
  side->n_review = clt_identity_count_review (workspace);
  if (job->cities && !(side->cities = clt_profile_list_dup_top_cities (workspace, TOP_CITIES, &error)))
    {
      side_free (side);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, side, (GDestroyNotify) side_free);
}

static void
side_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CltProfilesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Side *side = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *review = NULL;
  g_autofree char *review_count = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&side, side_free);
      return;
    }
  if (side == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  review_count = clt_format_count (side->n_review);
  /* Translators: %s is a number of pairs of records, such as 12 */
  review = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s possible duplicate to review",
                                         "%s possible duplicates to review", side->n_review), review_count);
  adw_banner_set_title (self->review_banner, review);
  adw_banner_set_revealed (self->review_banner, side->n_review > 0);

  if (side->cities != NULL)
    {
      gtk_drop_down_set_selected (self->city_filter, 0);
      gtk_string_list_splice (self->cities, 1, g_list_model_get_n_items (G_LIST_MODEL (self->cities)) - 1,
                              (const char * const *) side->cities);
    }
  side_free (side);
}

/* Reads them in a thread once the list has been counted: the first rows come first. */
static void
read_side (CltProfilesPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GTask) task = NULL;
  SideJob *job;

  if (workspace == NULL || (self->profiles != NULL && clt_profile_list_get_loading (self->profiles)))
    return;
  job = g_new0 (SideJob, 1);
  job->path = g_strdup (clt_workspace_get_path (workspace));
  job->cities = self->side_cities;
  self->side_pending = self->side_cities = FALSE;
  task = g_task_new (NULL, self->cancellable, side_read_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) side_job_free);
  g_task_run_in_thread (task, read_side_thread);
}

static void
loading_changed_cb (CltProfilesPage *self)
{
  if (!clt_profile_list_get_loading (self->profiles))
    self->counted = TRUE;
  if (self->side_pending)
    read_side (self);
  update_view (self);
}

static void
selection_changed_cb (CltProfilesPage *self)
{
  update_status (self);
}

/* Search and filters */

static void
search_changed_cb (CltProfilesPage *self)
{
  if (self->profiles)
    clt_profile_list_set_search (self->profiles, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
filter_changed_cb (CltProfilesPage *self)
{
  static const guint sources[] = {
    0, CLT_SOURCE_CATEGORY_CRM, CLT_SOURCE_CATEGORY_SHOP, CLT_SOURCE_CATEGORY_LOYALTY,
    CLT_SOURCE_CATEGORY_NEWSLETTER, CLT_SOURCE_CATEGORY_OTHER,
  };
  static const CltConsentFilter consents[] = {
    CLT_CONSENT_FILTER_ANY, CLT_CONSENT_FILTER_GIVEN, CLT_CONSENT_FILTER_NOT_GIVEN, CLT_CONSENT_FILTER_UNKNOWN,
  };
  guint source = gtk_drop_down_get_selected (self->source_filter);
  guint consent = gtk_drop_down_get_selected (self->consent_filter);
  guint purchased = gtk_drop_down_get_selected (self->purchase_filter);
  guint city = gtk_drop_down_get_selected (self->city_filter);

  if (self->profiles == NULL)
    return;

  clt_profile_list_set_sources (self->profiles, source < G_N_ELEMENTS (sources) ? sources[source] : 0);
  clt_profile_list_set_consent (self->profiles, consent < G_N_ELEMENTS (consents) ? consents[consent] : CLT_CONSENT_FILTER_ANY);
  clt_profile_list_set_purchased (self->profiles, purchased == 1);
  clt_profile_list_set_city (self->profiles, city > 0 && city != GTK_INVALID_LIST_POSITION
                                             ? gtk_string_list_get_string (self->cities, city) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_filters), source > 0 || consent > 0 || purchased > 0 ||
                                                              (city > 0 && city != GTK_INVALID_LIST_POSITION));
}

static void
clear_filters_cb (CltProfilesPage *self)
{
  gtk_drop_down_set_selected (self->source_filter, 0);
  gtk_drop_down_set_selected (self->consent_filter, 0);
  gtk_drop_down_set_selected (self->purchase_filter, 0);
  gtk_drop_down_set_selected (self->city_filter, 0);
}

/* Opening and merging customers */

static void
view_changed_cb (CltProfilesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

/**
 * clt_profiles_page_show_profile:
 *
 * Opens the page of customer @profile_id over the list, unless it is the page shown.
 */
void
clt_profiles_page_show_profile (CltProfilesPage *self,
                                gint64           profile_id)
{
  AdwNavigationPage *visible;
  CltWorkspace *workspace;
  CltProfileView *view;

  g_return_if_fail (CLT_IS_PROFILES_PAGE (self));

  if (!(workspace = clt_page_get_workspace (CLT_PAGE (self))))
    return;
  visible = adw_navigation_view_get_visible_page (self->navigation);
  if (CLT_IS_PROFILE_VIEW (visible) && clt_profile_view_get_profile_id (CLT_PROFILE_VIEW (visible)) == profile_id)
    return;
  view = self->spare_view;
  if (view && gtk_widget_get_parent (GTK_WIDGET (view)) == NULL && clt_profile_view_get_workspace (view) == workspace)
    clt_profile_view_set_profile (view, profile_id);
  else
    {
      view = g_object_ref_sink (clt_profile_view_new (workspace, profile_id));
      g_signal_connect_object (view, "changed", G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
      g_clear_object (&self->spare_view);
      self->spare_view = view;
    }
  adw_navigation_view_push (self->navigation, ADW_NAVIGATION_PAGE (view));
}

static void
column_view_activated_cb (CltProfilesPage *self,
                          guint            position)
{
  g_autoptr(CltProfileItem) item = g_list_model_get_item (G_LIST_MODEL (self->profiles), position);

  if (item && !clt_profile_item_get_loading (item))
    clt_profiles_page_show_profile (self, clt_profile_item_get_id (item));
}

static void
toast (CltProfilesPage *self,
       AdwToast        *toast)
{
  clt_window_show_toast (GTK_WIDGET (self), toast);
}

static void
undo_merges_cb (AdwToast        *undo_toast,
                CltProfilesPage *self)
{
  GArray *operations = g_object_get_data (G_OBJECT (undo_toast), "operations");
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GError) error = NULL;

  for (guint i = operations->len; workspace && i > 0; i--)
    if (!clt_identity_undo (workspace, g_array_index (operations, gint64, i - 1), &error))
      {
        toast (self, adw_toast_new (error->message));
        break;
      }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

/* The ids of the selected customers; NULL, said in a toast, while some are still being read. */
static GArray *
selected_ids (CltProfilesPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (G_LIST_MODEL (self->profiles), position);
      gint64 id = item && !clt_profile_item_get_loading (item) ? clt_profile_item_get_id (item) : 0;

      if (id == 0)
        {
          toast (self, adw_toast_new (_("Some of the selected customers are still being read. Try again in a moment.")));
          return NULL;
        }
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

/* Adding to a fixed list: into an existing one or a new one, with Undo. */

static void
undo_list_cb (AdwToast        *undo_toast,
              CltProfilesPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  gint64 list = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (undo_toast), "list"));
  GArray *added = g_object_get_data (G_OBJECT (undo_toast), "added");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (workspace == NULL)
    return;
  /* A list made for them goes again; else those added leave it. */
  if (g_object_get_data (G_OBJECT (undo_toast), "created"))
    ok = clt_segment_store_delete (workspace, list, NULL, &error);
  else
    ok = clt_segment_store_remove_members (workspace, list, (const gint64 *) added->data, added->len, NULL, &error);
  if (!ok)
    toast (self, adw_toast_new (error->message));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

static void
add_to_list_response_cb (AdwAlertDialog  *dialog,
                         const char      *response,
                         CltProfilesPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");
  GListModel *lists = g_object_get_data (G_OBJECT (dialog), "lists");
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  guint chosen = gtk_drop_down_get_selected (choice);
  g_autoptr(GArray) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  g_autoptr(CltSegment) list = NULL;
  AdwToast *done;
  gint64 id;

  if (g_strcmp0 (response, "add") != 0 || workspace == NULL)
    return;

  count = clt_format_count (ids->len);
  if (chosen == 0)
    {
      /* The first choice is a new list. */
      if (!(id = clt_segment_store_save_list (workspace, gtk_editable_get_text (name), (const gint64 *) ids->data,
                                              ids->len, NULL, &error)))
        {
          toast (self, adw_toast_new (error->message));
          return;
        }
      /* Translators: %s is a number of customers, %s the name of a new list */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer put on the new list “%s”",
                                            "%s customers put on the new list “%s”", ids->len),
                               count, gtk_editable_get_text (name));
    }
  else
    {
      list = g_list_model_get_item (lists, chosen - 1);
      id = clt_segment_get_id (list);
      if (!clt_segment_store_add_members (workspace, id, (const gint64 *) ids->data, ids->len, NULL, &added, &error))
        {
          toast (self, adw_toast_new (error->message));
          return;
        }
      /* Translators: %s is a number of customers, %s the name of a list */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer added to “%s”",
                                            "%s customers added to “%s”", ids->len),
                               count, clt_segment_get_name (list));
    }

  done = adw_toast_new (title);
  adw_toast_set_button_label (done, _("_Undo"));
  adw_toast_set_priority (done, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (done), "list", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (done), "created", GINT_TO_POINTER (chosen == 0));
  if (added)
    g_object_set_data_full (G_OBJECT (done), "added", g_steal_pointer (&added), (GDestroyNotify) g_array_unref);
  g_signal_connect_object (done, "button-clicked", G_CALLBACK (undo_list_cb), self, 0);
  toast (self, done);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

/* Add is possible into a chosen list, or into a new one with a name. */
static void
update_add (AdwAlertDialog *dialog)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  GtkWidget *name = g_object_get_data (G_OBJECT (dialog), "name");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (name))));
  gboolean new_list = gtk_drop_down_get_selected (choice) == 0;

  gtk_widget_set_visible (name, new_list);
  adw_alert_dialog_set_response_enabled (dialog, "add", !new_list || text[0] != '\0');
}

static void
clt_profiles_page_export_selected_cb (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (widget);
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GArray) ids = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  if (workspace == NULL || !(ids = selected_ids (self)) || ids->len == 0)
    return;

  count = clt_format_count (ids->len);
  /* Translators: what an export holds, as the dialog's subtitle and the file's name */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s selected customer", "%s selected customers", ids->len),
                           count);
  adw_dialog_present (ADW_DIALOG (clt_export_dialog_new (workspace, 0, (const gint64 *) ids->data, ids->len, title)),
                      widget);
}

static void
clt_profiles_page_add_to_list_cb (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (widget);
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GListModel) saved = NULL;
  g_autoptr(GListStore) lists = g_list_store_new (CLT_TYPE_SEGMENT);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  AdwDialog *dialog;
  GtkWidget *box, *choice, *name;

  if (workspace == NULL || !(ids = selected_ids (self)) || ids->len == 0)
    return;
  if (!(saved = clt_segment_store_list (workspace, &error)))
    {
      toast (self, adw_toast_new (error->message));
      return;
    }

  gtk_string_list_append (names, _("New list"));
  for (guint i = 0; i < g_list_model_get_n_items (saved); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (saved, i);

      if (clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_STATIC && !clt_segment_get_deleted (segment))
        {
          g_list_store_append (lists, segment);
          gtk_string_list_append (names, clt_segment_get_name (segment));
        }
    }

  count = clt_format_count (ids->len);
  dialog = adw_alert_dialog_new (NULL, _("A fixed list keeps the customers you choose, as a segment to count, look at and export."));
  /* Translators: %s is a number of customers */
  adw_alert_dialog_format_heading (ADW_ALERT_DIALOG (dialog),
                                   g_dngettext (GETTEXT_PACKAGE, "Add %s Customer to a List", "Add %s Customers to a List",
                                                ids->len), count);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "add");
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (dialog), "add", FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("List"), -1);
  name = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("Name of the new list"));
  gtk_entry_set_activates_default (GTK_ENTRY (name), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the new list"), -1);
  gtk_box_append (GTK_BOX (box), choice);
  gtk_box_append (GTK_BOX (box), name);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), box);

  g_object_set_data_full (G_OBJECT (dialog), "ids", g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "lists", g_object_ref (lists), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "choice", choice);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_signal_connect_object (choice, "notify::selected", G_CALLBACK (update_add), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (name, "changed", G_CALLBACK (update_add), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_to_list_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (name);
}

/* Merges the selected customers into the first of them; one Undo takes every merge back. */
static void
clt_profiles_page_merge_selected_cb (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (widget);
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) operations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  AdwToast *merged;

  if (workspace == NULL || !(ids = selected_ids (self)) || ids->len < 2)
    return;

  for (guint i = 1; i < ids->len; i++)
    {
      gint64 operation = clt_identity_merge (workspace, g_array_index (ids, gint64, 0), g_array_index (ids, gint64, i), &error);

      if (operation == 0)
        {
          toast (self, adw_toast_new (error->message));
          break;
        }
      g_array_append_val (operations, operation);
    }

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
  if (operations->len == 0)
    return;

  count = clt_format_count (operations->len + 1);
  /* Translators: %s is a number of customers, such as 3 */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customers merged into one", "%s customers merged into one",
                                        operations->len + 1), count);
  merged = adw_toast_new (title);
  adw_toast_set_button_label (merged, _("_Undo"));
  adw_toast_set_priority (merged, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (merged), "operations", g_steal_pointer (&operations), (GDestroyNotify) g_array_unref);
  g_signal_connect_object (merged, "button-clicked", G_CALLBACK (undo_merges_cb), self, 0);
  toast (self, merged);
}

static void
clt_profiles_page_find_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (widget);

  adw_navigation_view_pop_to_tag (self->navigation, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clt_profiles_page_filter_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (widget);

  gtk_revealer_set_reveal_child (self->filter_revealer, !gtk_revealer_get_reveal_child (self->filter_revealer));
}

/* Workspace */

static void
set_model (CltProfilesPage *self,
           CltWorkspace    *workspace)
{
  if (self->profiles)
    {
      g_signal_handlers_disconnect_by_data (self->profiles, self);
      gtk_column_view_set_model (self->column_view, NULL);
      g_clear_object (&self->selection);
      g_clear_object (&self->profiles);
    }
  self->counted = FALSE;
  if (workspace == NULL)
    return;

  self->profiles = clt_profile_list_new (workspace);
  g_signal_connect_object (self->profiles, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profiles, "notify::loading", G_CALLBACK (loading_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profiles, "filled", G_CALLBACK (filled_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->profiles)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  sorter_changed_cb (self, GTK_SORTER_CHANGE_DIFFERENT, gtk_column_view_get_sorter (self->column_view));
  search_changed_cb (self);
  filter_changed_cb (self);
  if (!clt_profile_list_get_loading (self->profiles))
    self->counted = TRUE;
}

static void
clt_profiles_page_reload (CltPage *page)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  AdwNavigationPage *visible = adw_navigation_view_get_visible_page (self->navigation);

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_local ();

  if (self->spare_view && clt_profile_view_get_workspace (self->spare_view) != workspace)
    g_clear_object (&self->spare_view);
  if (workspace == NULL)
    adw_navigation_view_pop_to_tag (self->navigation, "list");
  else if (CLT_IS_PROFILE_VIEW (visible))
    {
      g_autoptr(GPtrArray) records = clt_identity_list_records (workspace,
                                                                clt_profile_view_get_profile_id (CLT_PROFILE_VIEW (visible)),
                                                                NULL);

      /* A customer erased meanwhile (answering a subject request, or by a purge) has no page. */
      if (records != NULL && records->len == 0)
        adw_navigation_view_pop_to_tag (self->navigation, "list");
      else
        clt_profile_view_reload (CLT_PROFILE_VIEW (visible));
    }

  if (workspace == NULL)
    adw_banner_set_revealed (self->review_banner, FALSE);

  /* A new workspace gets a list of its own; the same one is counted again after a change. */
  if (self->profiles == NULL || workspace == NULL ||
      g_strcmp0 (g_object_get_data (G_OBJECT (self->profiles), "path"), clt_workspace_get_path (workspace)) != 0)
    {
      set_model (self, workspace);
      if (self->profiles)
        g_object_set_data_full (G_OBJECT (self->profiles), "path", g_strdup (clt_workspace_get_path (workspace)), g_free);
      self->side_cities = TRUE;
    }
  else if (clt_workspace_get_data_version (workspace) != self->data_version)
    /* Written through another connection (an import, a resolution): counted anew. Its own
     * connection's writes the list sees by itself. */
    clt_profile_list_reload (self->profiles);
  if (workspace)
    self->data_version = clt_workspace_get_data_version (workspace);
  self->side_pending = workspace != NULL;
  read_side (self);

  update_view (self);
}

static void
clt_profiles_page_dispose (GObject *object)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (object);

  /* The template's widgets go with the page's child, which AdwBin unparents. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->profiles)
    g_signal_handlers_disconnect_by_data (self->profiles, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->profiles);
  g_clear_object (&self->spare_view);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (clt_profiles_page_parent_class)->dispose (object);
}

/* The cells are unbound as the page's child goes, after dispose. */
static void
clt_profiles_page_finalize (GObject *object)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (object);

  g_hash_table_unref (self->waiting);

  G_OBJECT_CLASS (clt_profiles_page_parent_class)->finalize (object);
}

static void
clt_profiles_page_class_init (CltProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_profiles_page_dispose;
  object_class->finalize = clt_profiles_page_finalize;
  page_class->reload = clt_profiles_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, navigation);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, review_banner);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, source_filter);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, consent_filter);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, purchase_filter);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, city_filter);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, cities);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, clear_filters);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, breakpoint_bin);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activated_cb);

  gtk_widget_class_install_action (widget_class, "profiles.merge-selected", NULL, clt_profiles_page_merge_selected_cb);
  gtk_widget_class_install_action (widget_class, "profiles.add-to-list", NULL, clt_profiles_page_add_to_list_cb);
  gtk_widget_class_install_action (widget_class, "profiles.export-selected", NULL, clt_profiles_page_export_selected_cb);
  gtk_widget_class_install_action (widget_class, "profiles.find", NULL, clt_profiles_page_find_cb);
  gtk_widget_class_install_action (widget_class, "profiles.filter", NULL, clt_profiles_page_filter_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "profiles.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "profiles.filter", NULL);
}

static void
clt_profiles_page_init (CltProfilesPage *self)
{
  const char *any[] = { _("Any city"), NULL };

  self->waiting = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_ptr_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->now = g_date_time_new_now_local ();
  gtk_string_list_splice (self->cities, 0, 0, any);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_filters), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.merge-selected", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.add-to-list", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profiles.export-selected", FALSE);

  /* The cells do not ask for the width of their text: each column has a width of its own,
   * and the name and the e-mail share what the others leave. */
  add_column (self, COLUMN_NAME, _("Name"), TRUE, 150);
  add_column (self, COLUMN_EMAIL, _("E-mail"), TRUE, 160);
  add_column (self, COLUMN_CITY, _("City"), FALSE, 140);
  add_column (self, COLUMN_SOURCES, _("Sources"), FALSE, 110);
  add_column (self, COLUMN_LAST_ACTIVITY, _("Last Activity"), FALSE, 130);
  add_column (self, COLUMN_SPEND, _("Spend"), FALSE, 110);
  add_column (self, COLUMN_CONSENT, _("E-mail Consent"), FALSE, 130);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  add_breakpoint (self, "max-width: 899px", column_min_width (COLUMN_CONSENT), FALSE);
  add_breakpoint (self, "max-width: 559px", column_min_width (COLUMN_EMAIL), FALSE);
  /* At a phone's width the selection's buttons need the whole bar. */
  add_breakpoint (self, "max-width: 500sp", column_min_width (COLUMN_EMAIL), TRUE);
}
