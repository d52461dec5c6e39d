/* clt-page.c: the base of the pages the sidebar switches between
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-page"

#include "config.h"

#include "clt-page.h"

typedef struct
{
  CltWorkspace *workspace;
  GArray       *counts;
} CltPagePrivate;

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CltPage, clt_page, ADW_TYPE_BIN)

static void
clt_page_dispose (GObject *object)
{
  CltPage *self = (CltPage *) object;
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_clear_object (&priv->workspace);
  g_clear_pointer (&priv->counts, g_array_unref);

  G_OBJECT_CLASS (clt_page_parent_class)->dispose (object);
}

static void
clt_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CltPage *self = CLT_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, clt_page_get_workspace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CltPage *self = CLT_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      clt_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_page_class_init (CltPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_page_dispose;
  object_class->get_property = clt_page_get_property;
  object_class->set_property = clt_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         CLT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_page_init (CltPage *self)
{
}

/**
 * clt_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace the page shows
 */
CltWorkspace *
clt_page_get_workspace (CltPage *self)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_val_if_fail (CLT_IS_PAGE (self), NULL);

  return priv->workspace;
}

void
clt_page_set_workspace (CltPage      *self,
                        CltWorkspace *workspace)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_if_fail (CLT_IS_PAGE (self));
  g_return_if_fail (!workspace || CLT_IS_WORKSPACE (workspace));

  if (g_set_object (&priv->workspace, workspace))
    {
      /* The counts of another workspace say nothing of this one. */
      g_clear_pointer (&priv->counts, g_array_unref);
      clt_page_reload (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
    }
}

/**
 * clt_page_set_counts:
 * @counts: (element-type CltTableCount): the rows of each table, counted off the main thread
 */
void
clt_page_set_counts (CltPage *self,
                     GArray  *counts)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_if_fail (CLT_IS_PAGE (self));

  g_clear_pointer (&priv->counts, g_array_unref);
  priv->counts = counts ? g_array_ref (counts) : NULL;
  clt_page_reload (self);
}

/**
 * clt_page_get_count:
 * @table: a workspace table
 *
 * Returns: the rows of @table, or -1 while they are being counted
 */
gint64
clt_page_get_count (CltPage    *self,
                    const char *table)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_val_if_fail (CLT_IS_PAGE (self), -1);

  for (guint i = 0; priv->counts != NULL && i < priv->counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (priv->counts, CltTableCount, i);

      if (g_str_equal (count->table, table))
        return count->rows;
    }

  return -1;
}

void
clt_page_reload (CltPage *self)
{
  g_return_if_fail (CLT_IS_PAGE (self));

  if (CLT_PAGE_GET_CLASS (self)->reload)
    CLT_PAGE_GET_CLASS (self)->reload (self);
}
