/* clt-segment-member.c: a profile, and why it is in a segment or not
 *
 * For a sample member: the paths of the conditions it meets, with the values that met them
 * ("why in"). For one profile asked about: whether it is in, and if not the path of the
 * first node it fails with its value there ("why not").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-member"

#include "config.h"

#include "clt-segment-member-private.h"

G_DEFINE_BOXED_TYPE (CltSegmentMember, clt_segment_member, clt_segment_member_ref, clt_segment_member_unref)

CltSegmentMember *
_clt_segment_member_new (gint64      id,
                         const char *name,
                         gboolean    is_member)
{
  CltSegmentMember *self = g_atomic_rc_box_new0 (CltSegmentMember);

  self->id = id;
  self->name = g_strdup (name);
  self->is_member = is_member;
  self->paths = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->values = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  return self;
}

void
_clt_segment_member_add (CltSegmentMember *self,
                         const char       *path,
                         const char       *value)
{
  g_ptr_array_add (self->paths, g_strdup (path));
  g_ptr_array_add (self->values, g_strdup (value ? value : ""));
}

CltSegmentMember *
clt_segment_member_ref (CltSegmentMember *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
member_clear (gpointer data)
{
  CltSegmentMember *self = data;

  g_free (self->name);
  g_ptr_array_unref (self->paths);
  g_ptr_array_unref (self->values);
}

void
clt_segment_member_unref (CltSegmentMember *self)
{
  g_atomic_rc_box_release_full (self, member_clear);
}

gint64
clt_segment_member_get_id (CltSegmentMember *self)
{
  return self->id;
}

const char *
clt_segment_member_get_name (CltSegmentMember *self)
{
  return self->name;
}

gboolean
clt_segment_member_get_is_member (CltSegmentMember *self)
{
  return self->is_member;
}

/**
 * clt_segment_member_get_paths:
 *
 * Returns: (transfer none): for a member, the paths of the conditions it meets; for a
 *   profile that is not one, the path of the first node it fails
 */
const char * const *
clt_segment_member_get_paths (CltSegmentMember *self)
{
  return (const char * const *) self->paths->pdata;
}

/**
 * clt_segment_member_get_values:
 *
 * Returns: (transfer none): the profile's value at each of the paths, as text
 */
const char * const *
clt_segment_member_get_values (CltSegmentMember *self)
{
  return (const char * const *) self->values->pdata;
}
