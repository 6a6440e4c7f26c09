"""Stories over events: shared actors and topic, with no limit in time.

An event joins the story its profile matches best (``story_join``), else opens
one.  Unlike events, story similarity carries no time penalty – the Hamburg and
Osaka summits are two events of one narrative two years apart – and leans on
the dense topic vector more than on exact words.

Stories are merged when two of them now match (``story_merge``) or when two of
their events turned out to be one.  A story's profile is the sum of its
articles' profiles, updated with what its events gained in this call (never
recomputed from all its events: a story may hold thousands).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.link.config import LinkConfig
from storyline.link.events import EventPass, _cos_dense, _cos_sparse
from storyline.link.state import STORY_ENTITIES, STORY_TERMS, LinkState, Profile, StoryAgg
from storyline.model import content_id


def story_similarity(a: Profile, b: Profile, cfg: LinkConfig) -> float:
    return (
        cfg.story_dense * _cos_dense(a.dense, b.dense)
        + cfg.story_terms * _cos_sparse(a.terms, b.terms)
        + cfg.story_entities * _cos_sparse(a.entities, b.entities)
        + cfg.story_lead * _cos_sparse(a.lead, b.lead)
    )


def story_id_for(event_id: str) -> str:
    return content_id(event_id, prefix="st_")


@dataclass
class StoryPass:
    state: LinkState
    cfg: LinkConfig
    events: EventPass
    changed: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # events whose story_id changed although no article joined them
    restoried: set[str] = field(default_factory=set)

    def run(self) -> None:
        self._fold_absorbed_events()
        for event_id in sorted(self.events.touched, key=lambda e: self.state.events[e].seq):
            event = self.state.events[event_id]
            if event.story_id is None or event.story_id not in self.state.stories:
                self._place(event_id)
            else:
                story = self.state.stories[event.story_id]
                gained = self.events.delta.get(event_id)
                if gained is not None:
                    story.profile.add(gained, STORY_TERMS, STORY_ENTITIES)
                self.changed.add(event.story_id)
        for story_id in sorted(self.changed):
            story = self.state.stories.get(story_id)
            if story is not None and not any(e in self.state.events for e in story.event_ids):
                self._drop(story_id)
        self._merge_pass()

    # --------------------------------------------------------------------------

    def _fold_absorbed_events(self) -> None:
        """An absorbed event leaves its story; two stories sharing one event become one."""
        for absorbed, old_story in self.events.absorbed_story.items():
            if old_story is None or old_story not in self.state.stories:
                continue
            story = self.state.stories[old_story]
            if absorbed in story.event_ids:
                story.event_ids.remove(absorbed)
            self.changed.add(old_story)
            survivor = self.state.events[self.events.resolve(absorbed)]
            if survivor.story_id is None or survivor.story_id not in self.state.stories:
                survivor.story_id = old_story
                story.event_ids.append(survivor.id)
            elif survivor.story_id != old_story:
                self._merge(survivor.story_id, old_story)

    def _neighbour_events_by_story(self, event_id: str) -> dict[str, list[str]]:
        """Candidate stories: those of the events this event's reports found near them, with those events."""
        out: dict[str, list[str]] = {}
        for n in sorted(self.events.neighbours.get(event_id, ())):
            n = self.events.resolve(n)
            other = self.state.events.get(n)
            if n != event_id and other is not None and other.story_id in self.state.stories:
                out.setdefault(other.story_id, []).append(n)
        return out

    def _place(self, event_id: str) -> None:
        """Join the story that matches best, as a whole *and* through one of its events.

        A young story's profile is the sum of two or three events, and what
        they share (the town, its officials) sums up while what tells them
        apart averages out: a third event of the same town can match that sum
        better than it matches any one of its events.  So the score is the
        lower of the match with the story's profile and the best match with a
        neighbouring event of that story (only the events found near it, never
        all of a story's events).
        """
        event = self.state.events[event_id]
        best, best_score = None, -1.0
        for story_id, near in self._neighbour_events_by_story(event_id).items():
            score = story_similarity(event.profile, self.state.stories[story_id].profile, self.cfg)
            closest = max(story_similarity(event.profile, self.state.events[n].profile, self.cfg) for n in near)
            score = min(score, closest)
            if score > best_score:
                best, best_score = story_id, score
        if best is None or best_score < self.cfg.story_join:
            best = story_id_for(event_id)
            if best not in self.state.stories:
                self.state.stories[best] = StoryAgg(
                    id=best, seq=self.state.take_seq(), event_ids=[], profile=Profile.empty(len(event.profile.dense))
                )
                self.created.add(best)
        story = self.state.stories[best]
        story.event_ids.append(event_id)
        story.profile.add(event.profile, STORY_TERMS, STORY_ENTITIES)
        event.story_id = best
        self.changed.add(best)

    def _drop(self, story_id: str) -> None:
        del self.state.stories[story_id]
        self.changed.discard(story_id)
        if story_id in self.created:
            self.created.discard(story_id)
        else:
            self.removed.add(story_id)

    def _merge(self, a_id: str, b_id: str) -> str:
        stories = self.state.stories
        a, b = sorted((stories[a_id], stories[b_id]), key=lambda s: s.seq)
        for e in b.event_ids:
            if e in self.state.events:
                self.state.events[e].story_id = a.id
                self.restoried.add(e)
                a.event_ids.append(e)
        a.profile.add(b.profile, STORY_TERMS, STORY_ENTITIES)
        b.event_ids = []
        self._drop(b.id)
        self.changed.add(a.id)
        return a.id

    def _merge_pass(self) -> None:
        touched_by_story: dict[str, list[str]] = {}
        for e in sorted(self.events.touched):
            event = self.state.events.get(e)
            if event is not None and event.story_id:
                touched_by_story.setdefault(event.story_id, []).append(e)
        work = sorted((s for s in self.changed if s in self.state.stories), key=lambda s: self.state.stories[s].seq)
        while work:
            story_id = work.pop(0)
            story = self.state.stories.get(story_id)
            if story is None:
                continue
            # partner story -> its closest match through a pair of neighbouring events
            partners: dict[str, float] = {}
            for e in touched_by_story.get(story_id, ()):
                if e in self.state.events and self.state.events[e].story_id == story_id:
                    profile = self.state.events[e].profile
                    for s, near in self._neighbour_events_by_story(e).items():
                        if s != story_id:
                            closest = max(
                                story_similarity(profile, self.state.events[n].profile, self.cfg) for n in near
                            )
                            partners[s] = max(partners.get(s, -1.0), closest)
            best, best_score = None, -1.0
            for other, closest in partners.items():
                # as in ``_place``: the profiles must match, and so must two of their events
                score = min(story_similarity(story.profile, self.state.stories[other].profile, self.cfg), closest)
                if score > best_score:
                    best, best_score = other, score
            if best is not None and best_score >= self.cfg.story_merge:
                survivor = self._merge(story_id, best)
                joined = touched_by_story.pop(story_id, []) + touched_by_story.pop(best, [])
                touched_by_story[survivor] = joined
                work.append(survivor)
