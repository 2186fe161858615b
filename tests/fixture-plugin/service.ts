import type { EntityManager } from '@mikro-orm/core';
import { UserSchema } from '@/server/db/entities';
import { FixtureNoteSchema } from './entities';

export async function listNotes(em: EntityManager, limit = 50) {
  const notes = await em.find(FixtureNoteSchema, {}, { orderBy: { createdAt: 'desc' }, limit });
  const authors = await em.find(UserSchema, { id: { $in: [...new Set(notes.map((n) => n.authorId))] } }, { fields: ['id', 'name'] });
  const names = new Map(authors.map((a) => [a.id, a.name]));
  return notes.map((n) => ({ id: n.id, title: n.title, body: n.body, subjectId: n.subjectId, author: names.get(n.authorId) ?? '—', createdAt: n.createdAt }));
}
