/* clt-segment-counts.c: how many a segment holds, and how many each node holds and removes
 *
 * Counts are kept by the node's path (child indexes from the root: "", "0", "2/1"), so that
 * a count made in a worker from a copy of the tree maps back onto the builder's nodes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-counts"

#include "config.h"

#include "clt-segment-counts-private.h"
#include "clt-segment-group.h"
#include "clt-segment-member.h"

G_DEFINE_BOXED_TYPE (CltSegmentCounts, clt_segment_counts, clt_segment_counts_ref, clt_segment_counts_unref)

CltSegmentCounts *
_clt_segment_counts_new (void)
{
  CltSegmentCounts *self = g_atomic_rc_box_new0 (CltSegmentCounts);

  self->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_segment_member_unref);

  return self;
}

void
_clt_segment_counts_set (CltSegmentCounts *self,
                         const char       *path,
                         gint64            own,
                         gint64            removes)
{
  CltNodeCount *count = g_new (CltNodeCount, 1);

  count->own = own;
  count->removes = removes;
  g_hash_table_replace (self->nodes, g_strdup (path), count);
}

CltSegmentCounts *
clt_segment_counts_ref (CltSegmentCounts *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
counts_clear (gpointer data)
{
  CltSegmentCounts *self = data;

  g_hash_table_unref (self->nodes);
  g_ptr_array_unref (self->samples);
}

void
clt_segment_counts_unref (CltSegmentCounts *self)
{
  g_atomic_rc_box_release_full (self, counts_clear);
}

/**
 * clt_segment_counts_get_total:
 *
 * Returns: how many profiles are in the segment
 */
gint64
clt_segment_counts_get_total (CltSegmentCounts *self)
{
  return self->total;
}

/**
 * clt_segment_counts_get_consented:
 *
 * Returns: how many of them may be contacted for the evaluator's purpose and channel
 *   (by default: may be e-mailed)
 */
gint64
clt_segment_counts_get_consented (CltSegmentCounts *self)
{
  return self->consented;
}

/**
 * clt_segment_counts_get_seconds:
 *
 * Returns: how long the count took
 */
double
clt_segment_counts_get_seconds (CltSegmentCounts *self)
{
  return self->seconds;
}

/**
 * clt_segment_counts_lookup_path:
 * @own: (out) (optional): how many profiles the node alone holds for
 * @removes: (out) (optional): how many more its group would hold without it
 *
 * Returns: whether @path was counted
 */
gboolean
clt_segment_counts_lookup_path (CltSegmentCounts *self,
                                const char       *path,
                                gint64           *own,
                                gint64           *removes)
{
  CltNodeCount *count = g_hash_table_lookup (self->nodes, path);

  if (count == NULL)
    return FALSE;
  if (own)
    *own = count->own;
  if (removes)
    *removes = count->removes;

  return TRUE;
}

/**
 * clt_segment_counts_lookup:
 *
 * As clt_segment_counts_lookup_path() for @node's place in its tree.
 */
gboolean
clt_segment_counts_lookup (CltSegmentCounts *self,
                           CltSegmentNode   *node,
                           gint64           *own,
                           gint64           *removes)
{
  g_autofree char *path = clt_segment_node_dup_path (node);

  return path != NULL && clt_segment_counts_lookup_path (self, path, own, removes);
}

/**
 * clt_segment_counts_get_samples:
 *
 * Returns: (transfer none) (element-type CltSegmentMember): up to the number asked for of
 *   members, each with why it is in
 */
GPtrArray *
clt_segment_counts_get_samples (CltSegmentCounts *self)
{
  return self->samples;
}

/**
 * clt_segment_node_dup_path:
 *
 * Returns: (transfer full) (nullable): the child indexes from the root to @node, such as
 *   "0/2"; "" for the root
 */
char *
clt_segment_node_dup_path (CltSegmentNode *node)
{
  g_autoptr(GString) path = g_string_new (NULL);
  CltSegmentGroup *parent;

  g_return_val_if_fail (CLT_IS_SEGMENT_NODE (node), NULL);

  while ((parent = clt_segment_node_get_parent (node)) != NULL)
    {
      guint position;
      g_autofree char *part = NULL;

      if (!clt_segment_group_find (parent, node, &position))
        return NULL;
      part = g_strdup_printf ("%u%s", position, path->len ? "/" : "");
      g_string_prepend (path, part);
      node = CLT_SEGMENT_NODE (parent);
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}
