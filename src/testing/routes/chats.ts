import type { ChatStreamEvent } from "../api-types-chat.js";
import type { ChatRec } from "../chat-records.js";
import type { FakeCore } from "../core.js";
import { coderError, field, forbidden, jsonResponse, noContent, notFound } from "../http-util.js";
import type { RouteContext, Router } from "../router.js";
import { paginate, parseChatQuery, parsePagination } from "../search.js";
import { labelsOf, submissionOf, upgradeOnly, uuidField } from "./chat-input.js";
import { chatMessagesPage, encodeBatch } from "./chat-messages.js";
import { orgParam, uuidParam } from "./helpers.js";

/**
 * Coder Agents chats: `/api/v2/chats…` on a current deployment (`agentApi: "chats"`), the same
 * routes under `/api/experimental` on one faking about v2.36 (`"experimental-chats"`), none on a
 * legacy Tasks deployment. Behaviour follows coderd's exp_chats.go and codersdk/chats.go.
 */
export function registerChatRoutes(router: Router, core: FakeCore): void {
  const { store, chats } = core;
  const bases = { "/api/v2": "chats", "/api/experimental": "experimental-chats" } as const;

  for (const [prefix, mode] of Object.entries(bases)) {
    const when = () => core.options.agentApi === mode;
    const base = `${prefix}/chats`;

    const chatParam = (ctx: RouteContext): ChatRec => {
      const chat = chats.find(ctx.actor(), uuidParam(ctx, "chat"));
      if (!chat) throw notFound();
      return chat;
    };

    /** Replays the first answer to a repeated request_id, or refuses one reused with other input. */
    const replay = (requestId: string | undefined, fingerprint: string): Response | undefined => {
      const seen = requestId ? chats.submissions.get(requestId) : undefined;
      if (!seen) return undefined;
      if (seen.fingerprint !== fingerprint) {
        throw coderError(409, "Submission conflict.", "request_id was already used with different input.");
      }
      return jsonResponse(seen.status, seen.body);
    };

    router.get(
      base,
      (ctx) => {
        const actor = ctx.actor();
        const page = parsePagination(ctx.url);
        const filter = parseChatQuery(ctx.url.searchParams.get("q") ?? "");
        if (Array.isArray(filter)) throw coderError(400, "Invalid chat search query.", undefined, filter);
        const labels: Record<string, string> = {};
        for (const raw of ctx.url.searchParams.getAll("label")) {
          const at = raw.indexOf(":");
          const [k, v] = at < 0 ? ["", ""] : [raw.slice(0, at), raw.slice(at + 1)];
          if (!k || !v) {
            throw coderError(
              400,
              `Invalid label filter: ${JSON.stringify(raw)} (expected format key:value, both must be non-empty)`,
            );
          }
          labels[k] = v;
        }
        const needle = (s: string | undefined) => s?.toLowerCase();
        const list = [...chats.chats.values()]
          .filter((c) => filter.source !== "shared_with_me" && c.ownerId === actor.id)
          .filter((c) => c.archived === filter.archived && !filter.needsDiff)
          .filter((c) => !filter.status || c.status === filter.status)
          .filter((c) => !filter.title || c.title.toLowerCase().includes(needle(filter.title)!))
          .filter(
            (c) =>
              !filter.search ||
              c.title.toLowerCase().includes(needle(filter.search)!) ||
              c.messages.some((m) =>
                (m.content ?? []).some((p) => p.text?.toLowerCase().includes(needle(filter.search)!)),
              ),
          )
          .filter((c) => filter.hasUnread === undefined || chats.json(c).has_unread === filter.hasUnread)
          .filter((c) => Object.entries(labels).every(([k, v]) => c.labels[k] === v))
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
        return jsonResponse(
          200,
          paginate(list, page).map((c) => chats.json(c)),
        );
      },
      { when },
    );

    router.post(
      base,
      async (ctx) => {
        const actor = ctx.actor();
        const body = await ctx.body();
        const struct = "codersdk.CreateChatRequest";
        const orgId = uuidField(body, "organization_id", struct);
        if (!orgId) throw coderError(400, "organization_id is required.");
        if (!store.isMember(actor.id, orgId)) {
          throw coderError(403, "You are not a member of the specified organization.");
        }
        let owner = actor;
        const ownerId = uuidField(body, "owner_id", struct);
        if (ownerId && ownerId !== actor.id) {
          // The chat runs with the owner's credentials: only site-wide owners may pick someone else.
          if (!store.isOwner(actor)) throw forbidden();
          const other = store.users.get(ownerId);
          if (other?.status !== "active" || !store.isMember(other.id, orgId)) {
            throw coderError(400, "The chat owner must be an active member of the chat's organization.");
          }
          owner = other;
        }
        const submission = submissionOf(core, body, struct);
        const workspaceId = uuidField(body, "workspace_id", struct) ?? null;
        const labels = labelsOf(body, "labels") ?? {};
        const fingerprint = JSON.stringify(["create", orgId, owner.id, submission, workspaceId, labels]);
        const replayed = replay(submission.requestId, fingerprint);
        if (replayed) return replayed;
        if (workspaceId) {
          const ws = store.workspaces.get(workspaceId);
          if (!ws || ws.deleted || !store.canReadWorkspace(owner, ws) || ws.orgId !== orgId) {
            throw coderError(400, "Workspace not found or you do not have access to this resource.");
          }
        }
        const chat = chats.create({ orgId, owner, submission, workspaceId, labels });
        const out = { ...chats.json(chat), ...(chat.submission ? { submission: chat.submission } : {}) };
        if (submission.requestId && chat.submission) {
          chats.submissions.set(submission.requestId, {
            fingerprint,
            chatId: chat.id,
            receipt: chat.submission,
            body: out,
            status: 201,
          });
        }
        return jsonResponse(201, out);
      },
      { when },
    );

    // Static segments win over `:chat`, so these are not read as chat ids.
    router.get(`${base}/watch`, () => upgradeOnly("Failed to open chat watch stream."), {
      when,
      socket: (ctx) => {
        const actor = ctx.actor();
        return (peer) => {
          const stop = chats.listen("watch", actor.id, (event) => peer.send(`${JSON.stringify(event)}\n`));
          peer.onClose(stop);
        };
      },
    });

    router.post(
      `${base}/files/:file/download-url`,
      (ctx) => {
        const file = chats.files.get(uuidParam(ctx, "file"));
        const actor = ctx.actor();
        if (!file || !(file.ownerId === actor.id || store.isOwner(actor))) throw notFound();
        return jsonResponse(200, chats.downloadUrl(file, ctx.url.origin, prefix));
      },
      { when },
    );

    router.get(
      `${base}/files/:file/download`,
      (ctx) => {
        const file = chats.redeem(uuidParam(ctx, "file"), ctx.url.searchParams.get("token") ?? "");
        if (!file) throw coderError(401, "Invalid or expired download token.");
        return new Response(new Uint8Array(file.data), {
          status: 200,
          headers: {
            "content-type": file.mimeType,
            "content-disposition": `attachment; filename="${file.name.replace(/"/g, "")}"`,
          },
        });
      },
      { when, auth: "none" },
    );

    router.get(
      `${base}/files/:file`,
      (ctx) => {
        const file = chats.files.get(uuidParam(ctx, "file"));
        const actor = ctx.actor();
        if (!file || !(file.ownerId === actor.id || store.isOwner(actor))) throw notFound();
        return new Response(new Uint8Array(file.data), {
          status: 200,
          headers: { "content-type": file.mimeType },
        });
      },
      { when },
    );

    router.get(`${base}/:chat`, (ctx) => jsonResponse(200, chats.json(chatParam(ctx))), { when });

    router.patch(
      `${base}/:chat`,
      async (ctx) => {
        const chat = chatParam(ctx);
        const body = await ctx.body();
        const struct = "codersdk.UpdateChatRequest";
        const title = field.string(body, "title", struct);
        if (title !== undefined && title.trim() === "") throw coderError(400, "Title cannot be empty.");
        if (title !== undefined && title.trim().length > 200) {
          throw coderError(400, "Title must be at most 200 characters.");
        }
        chats.update(chat, {
          title,
          archived: field.boolean(body, "archived", struct),
          labels: labelsOf(body, "labels"),
          read: field.boolean(body, "read", struct),
        });
        return noContent();
      },
      { when },
    );

    router.get(
      `${base}/:chat/messages`,
      (ctx) => jsonResponse(200, chatMessagesPage(chats, chatParam(ctx), ctx.url)),
      { when },
    );

    router.post(
      `${base}/:chat/messages`,
      async (ctx) => {
        const chat = chatParam(ctx);
        const actor = ctx.actor();
        const body = await ctx.body();
        const struct = "codersdk.CreateChatMessageRequest";
        const submission = submissionOf(core, body, struct);
        const busy = field.string(body, "busy_behavior", struct) ?? "";
        if (busy !== "" && busy !== "queue" && busy !== "interrupt") {
          throw coderError(
            400,
            "Invalid busy_behavior.",
            `busy_behavior must be "queue" or "interrupt", got ${JSON.stringify(busy)}.`,
          );
        }
        if (submission.parts.length === 0) throw coderError(400, "Content is required.");
        const fingerprint = JSON.stringify(["send", chat.id, submission, busy || "queue"]);
        const replayed = replay(submission.requestId, fingerprint);
        if (replayed) return replayed;
        const result = chats.send(chat, actor, submission, busy === "interrupt" ? "interrupt" : "queue");
        const receipt = submission.requestId
          ? {
              id: crypto.randomUUID(),
              request_id: submission.requestId,
              chat_id: chat.id,
              state: "accepted" as const,
              ...(result.message ? { message_id: result.message.id } : {}),
              ...(result.queued ? { queued_message_id: result.queued.id } : {}),
              settings: result.settings,
            }
          : undefined;
        const out = {
          ...(receipt ? { submission: receipt } : {}),
          ...(result.message ? { message: result.message, messages: [result.message] } : {}),
          ...(result.queued ? { queued_message: result.queued } : {}),
          queued: result.queued !== undefined,
        };
        if (receipt)
          chats.submissions.set(receipt.request_id, {
            fingerprint,
            chatId: chat.id,
            receipt,
            body: out,
            status: 200,
          });
        return jsonResponse(200, out);
      },
      { when },
    );

    router.post(
      `${base}/:chat/interrupt`,
      (ctx) => {
        const chat = chatParam(ctx);
        chats.agent.interrupt(chat);
        return jsonResponse(200, chats.json(chat));
      },
      { when },
    );

    router.get(`${base}/:chat/stream`, () => upgradeOnly("Failed to open chat stream."), {
      when,
      socket: (ctx) => {
        const chat = chatParam(ctx);
        const raw = ctx.url.searchParams.get("after_id") ?? "";
        const after = raw === "" ? 0 : Number(raw);
        if (!/^-?\d+$/.test(raw || "0")) {
          throw coderError(
            400,
            "Invalid after_id parameter.",
            `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`,
          );
        }
        return (peer) => {
          // The snapshot first (coderd's chatDaemon.Subscribe): stored messages after after_id, the
          // status, and the queue when there is one; then live batches.
          const snapshot: ChatStreamEvent[] = chat.messages
            .filter((m) => m.id > after)
            .map((message) => ({ type: "message", chat_id: chat.id, message }));
          snapshot.push({ type: "status", chat_id: chat.id, status: { status: chat.status } });
          if (chat.queue.length > 0) {
            snapshot.push({
              type: "queue_update",
              chat_id: chat.id,
              queued_messages: chat.queue.map((q) => chats.queuedJson(chat, q)),
            });
          }
          peer.send(encodeBatch(snapshot));
          // Opening the stream marks the chat read for its owner.
          if (ctx.actor().id === chat.ownerId) chats.update(chat, { read: true });
          const stop = chats.listen("stream", chat.id, (batch) => peer.send(encodeBatch(batch)));
          peer.onClose(stop);
        };
      },
    });
  }

  // Organization-scoped model configs exist on /api/v2 in both chat generations (coder/coder
  // #28632 points v2.36 users at this route); a Tasks-only deployment has none.
  router.get(
    "/api/v2/organizations/:organization/chats/models",
    (ctx) => {
      const org = orgParam(core, ctx);
      return jsonResponse(200, {
        models: chats.models.filter((m) => m.organization_id === org.id),
        providers: chats.providers.filter((p) => p.orgId === org.id).map(({ orgId: _, ...p }) => p),
        unsupported_providers: [],
      });
    },
    { when: () => core.options.agentApi !== "tasks" },
  );
}
