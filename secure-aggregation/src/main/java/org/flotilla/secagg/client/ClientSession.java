package org.flotilla.secagg.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flotilla.secagg.RoundPlan;
import org.flotilla.secagg.crypto.AesCtrPrg;
import org.flotilla.secagg.crypto.Hkdf;
import org.flotilla.secagg.crypto.Masks;
import org.flotilla.secagg.crypto.Shamir;
import org.flotilla.secagg.crypto.ShareCipher;
import org.flotilla.secagg.crypto.X25519;
import org.flotilla.secagg.graph.NeighbourGraph;
import org.flotilla.secagg.quant.Quantizer;
import org.flotilla.secagg.wire.KeyAdvertisement;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.RevealedShare;
import org.flotilla.secagg.wire.RoundSetup;
import org.flotilla.secagg.wire.SealedShare;
import org.flotilla.secagg.wire.SealedShares;
import org.flotilla.secagg.wire.ShareKeysRequest;
import org.flotilla.secagg.wire.UnmaskRequest;
import org.flotilla.secagg.wire.UnmaskResponse;

/**
 * One client's side of one SecAgg+ round (Bell et al. 2020, the semi-honest
 * variant, over Bonawitz et al. 2017's four rounds): {@link #start} advertises two fresh X25519
 * keys; {@link #shareKeys} Shamir-shares the self-mask seed and the mask private key among the
 * neighbours and seals each share; {@link #maskInput} opens the shares it received and masks the
 * weighted quantized update; {@link #unmask} reveals, per neighbour, either the self-mask share
 * (survivor) or the mask-key share (dropped), never both.
 *
 * <p>Each step updates {@link #state()} before it returns; the caller persists the state and
 * then sends the message. Repeating a step with the same request returns the same message (the
 * masked vector is recomputed deterministically), a different request aborts the round.
 */
public final class ClientSession {

    private final SecureRandom random;
    private ClientState state;
    /**
     * What this session already derived, so that a later phase in the same process does not
     * repeat it: the share cipher per peer key (one X25519 agreement and HKDF each), the context
     * of the phase 1 request, and the shares opened in phase 2 (phase 3 reveals from them). Never
     * persisted; a restored session recomputes them from its state.
     */
    private final Map<X25519.PublicKey32, Optional<ShareCipher>> ciphers = new HashMap<>();
    private ShareKeysRequest contextRequest;
    private Context context;
    private SealedShares openedFrom;
    private Map<String, SharePlaintext> opened;

    private ClientSession(ClientState state, SecureRandom random) {
        this.state = state;
        this.random = random;
    }

    /** Starts a round: fresh keys and seeds; {@link #advertisement()} is the first message. */
    public static ClientSession start(RoundSetup setup, String clientId, SecureRandom random) {
        X25519.KeyPair32 encryption = X25519.generate(random);
        X25519.KeyPair32 mask = X25519.generate(random);
        byte[] selfMaskSeed = new byte[32];
        byte[] roundingSeed = new byte[32];
        random.nextBytes(selfMaskSeed);
        random.nextBytes(roundingSeed);
        KeyAdvertisement ad = new KeyAdvertisement(setup.roundId(), clientId, encryption.publicKey(), mask.publicKey());
        return new ClientSession(new ClientState(clientId, setup, ClientPhase.KEYS_ADVERTISED, null, ad,
                encryption.privateKey(), mask.privateKey(), selfMaskSeed, roundingSeed,
                null, null, null, null, null, null, null), random);
    }

    /** Resumes a persisted round. */
    public static ClientSession restore(ClientState state, SecureRandom random) {
        return new ClientSession(state, random);
    }

    /** The current state, to persist before sending the last step's message. */
    public ClientState state() {
        return state;
    }

    /** The phase reached. */
    public ClientPhase phase() {
        return state.phase();
    }

    /** Phase 0's message. */
    public KeyAdvertisement advertisement() {
        return state.advertisement();
    }

    /** Phase 1: share the two secrets among the neighbours named by the request. */
    public ClientStep<SealedShares> shareKeys(ShareKeysRequest request) {
        if (state.phase() != ClientPhase.KEYS_ADVERTISED) {
            return repeat(state.shareKeysRequest(), request, state.sentShares(), ClientPhase.SHARES_SENT);
        }
        if (!request.roundId().equals(state.roundId())) {
            return abort(AbortReason.WRONG_ROUND, "request for round " + request.roundId());
        }
        Optional<Context> ctx = context(request);
        if (ctx.isEmpty()) {
            return abort(AbortReason.NOT_A_PARTICIPANT, "not in the participant list, or the round cannot be planned");
        }
        Context c = ctx.get();
        List<String> neighbours = c.graph.neighbours(state.clientId());
        Map<String, KeyAdvertisement> keys = new HashMap<>();
        for (KeyAdvertisement k : request.neighbourKeys()) {
            if (!k.roundId().equals(state.roundId()) || keys.put(k.clientId(), k) != null) {
                return abort(AbortReason.NEIGHBOUR_KEYS_MISMATCH, "duplicate or foreign key advertisement");
            }
        }
        if (!keys.keySet().equals(new HashSet<>(neighbours))) {
            return abort(AbortReason.NEIGHBOUR_KEYS_MISMATCH,
                    "expected keys of " + neighbours.size() + " neighbours, got " + keys.size());
        }
        int[] xs = new int[neighbours.size() + 1];
        xs[0] = c.graph.shareIndex(state.clientId());
        for (int i = 0; i < neighbours.size(); i++) {
            xs[i + 1] = c.graph.shareIndex(neighbours.get(i));
        }
        int t = c.plan.threshold();
        List<Shamir.Share> bShares = Shamir.split(state.selfMaskSeed(), t, xs, random);
        List<Shamir.Share> sShares = Shamir.split(state.maskPrivateKey().bytes(), t, xs, random);
        List<SealedShare> sealed = new ArrayList<>(neighbours.size());
        for (int i = 0; i < neighbours.size(); i++) {
            String peer = neighbours.get(i);
            Optional<ShareCipher> cipher = cipherWith(keys.get(peer));
            if (cipher.isEmpty()) {
                return abort(AbortReason.BAD_PEER_KEY, "small-order encryption key of " + peer);
            }
            byte[] plain = new SharePlaintext(bShares.get(i + 1), sShares.get(i + 1)).encode();
            sealed.add(new SealedShare(peer, cipher.get().encrypt(plain, state.roundId(), state.clientId(), peer, random)));
        }
        SealedShares out = new SealedShares(state.roundId(), state.clientId(), sealed);
        state = state.sharesSent(request, out, bShares.get(0), sShares.get(0));
        return new ClientStep.Send<>(out);
    }

    /**
     * Phase 2: open the shares forwarded from the neighbours that completed phase 1, then mask
     * [w, w·q(update)] with the self-mask and one pairwise mask per such neighbour. The weight
     * is {@code examples} capped at the parameters' {@code maxWeight}.
     */
    public ClientStep<MaskedInput> maskInput(SealedShares forwarded, float[] update, long examples) {
        if (state.phase() != ClientPhase.SHARES_SENT && state.phase() != ClientPhase.MASKED_INPUT_SENT) {
            return abortOrOutOfOrder();
        }
        if (state.phase() == ClientPhase.MASKED_INPUT_SENT && !forwarded.equals(state.forwardedShares())) {
            return abort(AbortReason.CONFLICTING_REQUEST, "a second, different set of forwarded shares");
        }
        if (!forwarded.roundId().equals(state.roundId()) || !forwarded.clientId().equals(state.clientId())) {
            return abort(AbortReason.WRONG_ROUND, "shares forwarded for another round or client");
        }
        Context c = context(state.shareKeysRequest()).orElseThrow();
        Optional<Map<String, SharePlaintext>> opened = open(c, forwarded);
        if (opened.isEmpty()) {
            return new ClientStep.Abort<>(state.abortReason(), "forwarded shares rejected");
        }
        Set<String> senders = opened.get().keySet();
        if (senders.size() + 1 < c.plan.threshold()) {
            return abort(AbortReason.TOO_FEW_NEIGHBOURS, (senders.size() + 1) + " holders remain, the threshold is "
                    + c.plan.threshold());
        }
        if (update.length != state.setup().vectorLength() || examples < 1) {
            return abort(AbortReason.BAD_UPDATE, "update of " + update.length + " values (round expects "
                    + state.setup().vectorLength() + ") with " + examples + " examples");
        }
        long weight = Math.min(examples, state.setup().parameters().maxWeight());
        Quantizer quantizer = new Quantizer(state.setup().parameters());
        long[] vector;
        try {
            vector = quantizer.encode(update, weight,
                    new AesCtrPrg(Hkdf.key(Hkdf.Purpose.ROUNDING, state.roundingSeed(), state.roundId())));
        } catch (IllegalArgumentException e) {
            return abort(AbortReason.BAD_UPDATE, e.getMessage());
        }
        long mod = c.plan.modulusMask();
        for (int i = 0; i < vector.length; i++) {
            vector[i] &= mod;
        }
        Masks.addSelfMask(vector, state.selfMaskSeed(), state.roundId(), mod, 1);
        for (String peer : senders) {
            Optional<byte[]> agreed = X25519.agree(state.maskPrivateKey(), c.keys.get(peer).maskKey());
            if (agreed.isEmpty()) {
                return abort(AbortReason.BAD_PEER_KEY, "small-order mask key of " + peer);
            }
            Masks.addPairwiseMask(vector, agreed.get(), state.roundId(), mod, Masks.pairSign(state.clientId(), peer));
        }
        state = state.maskedInputSent(forwarded);
        return new ClientStep.Send<>(new MaskedInput(state.roundId(), state.clientId(), c.plan.modulusBits(), vector));
    }

    /** Phase 3: reveal the shares the server needs, at most one of each neighbour's two secrets. */
    public ClientStep<UnmaskResponse> unmask(UnmaskRequest request) {
        if (state.phase() != ClientPhase.MASKED_INPUT_SENT) {
            return repeat(state.unmaskRequest(), request, state.unmaskResponse(), ClientPhase.UNMASKED);
        }
        if (!request.roundId().equals(state.roundId())) {
            return abort(AbortReason.WRONG_ROUND, "request for round " + request.roundId());
        }
        Context c = context(state.shareKeysRequest()).orElseThrow();
        Map<String, SharePlaintext> held = open(c, state.forwardedShares()).orElseThrow();
        String self = state.clientId();
        held.put(self, new SharePlaintext(state.ownSelfMaskShare(), state.ownMaskKeyShare()));
        for (String id : request.survivors()) {
            if (!held.containsKey(id)) {
                return abort(AbortReason.BAD_UNMASK_REQUEST, "asked about " + id + ", whose shares this client lacks");
            }
        }
        for (String id : request.dropped()) {
            if (!held.containsKey(id)) {
                return abort(AbortReason.BAD_UNMASK_REQUEST, "asked about " + id + ", whose shares this client lacks");
            }
        }
        if (request.survivors().size() < c.plan.threshold()) {
            return abort(AbortReason.TOO_FEW_NEIGHBOURS, request.survivors().size()
                    + " survivors in the neighbourhood, the threshold is " + c.plan.threshold());
        }
        List<RevealedShare> selfMask = request.survivors().stream()
                .map(id -> new RevealedShare(id, held.get(id).selfMaskShare())).toList();
        List<RevealedShare> maskKey = request.dropped().stream()
                .map(id -> new RevealedShare(id, held.get(id).maskKeyShare())).toList();
        UnmaskResponse response = new UnmaskResponse(state.roundId(), self, selfMask, maskKey);
        state = state.unmasked(request, response);
        return new ClientStep.Send<>(response);
    }

    /** The shares forwarded to this client, opened; a fresh map the caller may change. */
    private Optional<Map<String, SharePlaintext>> open(Context c, SealedShares forwarded) {
        if (opened != null && forwarded.equals(openedFrom)) {
            return Optional.of(new HashMap<>(opened));
        }
        Map<String, SharePlaintext> out = new HashMap<>();
        int myX = c.graph.shareIndex(state.clientId());
        for (SealedShare s : forwarded.shares()) {
            KeyAdvertisement peer = c.keys.get(s.peer());
            if (peer == null) {
                state = state.aborted(AbortReason.UNEXPECTED_SHARE);
                return Optional.empty();
            }
            Optional<SharePlaintext> plain = cipherWith(peer)
                    .flatMap(cipher -> cipher.decrypt(s.ciphertext(), state.roundId(), s.peer(), state.clientId()))
                    .flatMap(SharePlaintext::decode);
            if (plain.isEmpty() || plain.get().selfMaskShare().x() != myX) {
                state = state.aborted(AbortReason.SHARE_TAMPERED);
                return Optional.empty();
            }
            out.put(s.peer(), plain.get());
        }
        openedFrom = forwarded;
        opened = Map.copyOf(out);
        return Optional.of(out);
    }

    private Optional<ShareCipher> cipherWith(KeyAdvertisement peer) {
        return ciphers.computeIfAbsent(peer.encryptionKey(), key -> X25519.agree(state.encryptionPrivateKey(), key)
                .map(secret -> ShareCipher.forPair(secret, state.roundId())));
    }

    private Optional<Context> context(ShareKeysRequest request) {
        if (context == null || !request.equals(contextRequest)) {
            Optional<Context> fresh = Context.of(state, request);
            if (fresh.isEmpty()) {
                return fresh;
            }
            context = fresh.get();
            contextRequest = request;
        }
        return Optional.of(context);
    }

    private <M> ClientStep<M> repeat(Object answeredRequest, Object request, M answer, ClientPhase answeredIn) {
        if (state.phase() == ClientPhase.ABORTED || answeredRequest == null) {
            return abortOrOutOfOrder();
        }
        if (!answeredRequest.equals(request)) {
            return abort(AbortReason.CONFLICTING_REQUEST, "a second, different request for an answered phase");
        }
        return new ClientStep.Send<>(answer);
    }

    private <M> ClientStep<M> abortOrOutOfOrder() {
        if (state.phase() == ClientPhase.ABORTED) {
            return new ClientStep.Abort<>(state.abortReason(), "the client already left this round");
        }
        return new ClientStep.Abort<>(AbortReason.OUT_OF_ORDER, "step not allowed in phase " + state.phase());
    }

    private <M> ClientStep<M> abort(AbortReason reason, String detail) {
        state = state.aborted(reason);
        return new ClientStep.Abort<>(reason, detail);
    }

    /** What phase 1's request fixes: the plan, the graph and the neighbours' keys. */
    private record Context(RoundPlan plan, NeighbourGraph graph, Map<String, KeyAdvertisement> keys) {
        static Optional<Context> of(ClientState state, ShareKeysRequest request) {
            if (!request.participants().contains(state.clientId())) {
                return Optional.empty();
            }
            Optional<RoundPlan> plan = RoundPlan.resolve(state.setup().parameters(), request.participants().size()).resolved();
            if (plan.isEmpty()) {
                return Optional.empty();
            }
            NeighbourGraph graph = NeighbourGraph.build(request.participants(), plan.get().neighbours(),
                    request.graphSeed(), state.roundId());
            Map<String, KeyAdvertisement> keys = new HashMap<>();
            request.neighbourKeys().forEach(k -> keys.put(k.clientId(), k));
            return Optional.of(new Context(plan.get(), graph, keys));
        }
    }
}
