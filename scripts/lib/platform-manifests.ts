/**
 * The Compose services and Kubernetes manifests of the subgraphs, rendered from the list in
 * packages/shared/src/platform/subgraphs.ts (see platform-artifacts.ts).
 */
import { SUBGRAPHS, subgraphUrlVariable, type ExtraBackingService, type PlatformSubgraph } from '@flowgraph/shared/platform/subgraphs';
import { indent } from './generated-blocks.js';

/** What a subgraph that needs one of these gets in Compose: the service to wait for and the variables pointing at it. */
const COMPOSE_BACKING: Record<ExtraBackingService, { env: Record<string, string>; why: string }> = {
  mongo: { env: { MONGODB_URL: 'mongodb://mongo:27017/' }, why: 'MONGODB_URL set keeps its documents in MongoDB; empty keeps them in Postgres' },
  'stripe-mock': { env: { STRIPE_API_BASE: 'http://stripe-mock:12111' }, why: 'payments go to stripe-mock' },
};

const tokenIssuer = (): PlatformSubgraph => {
  const issuer: PlatformSubgraph | undefined = SUBGRAPHS.find((subgraph: PlatformSubgraph) => subgraph.issuesTokens);
  if (!issuer) throw new Error('no subgraph issues tokens (issuesTokens)');
  return issuer;
};

/** docker-compose.yml: the subgraph services, and the gateway's routes to them and its wait for them. */
export function composeBlocks(): Record<string, string[]> {
  return {
    'subgraph-services': SUBGRAPHS.flatMap((subgraph, i) => indent(2, [...(i > 0 ? [''] : []), ...composeService(subgraph)])),
    'gateway-routes': indent(6, SUBGRAPHS.map((subgraph) => `${subgraphUrlVariable(subgraph)}: http://${subgraph.name}:${subgraph.port}/graphql`)),
    'gateway-depends-on': indent(6, SUBGRAPHS.flatMap((subgraph) => [`${subgraph.name}:`, '  condition: service_healthy'])),
    'token-issuer': indent(2, [`${tokenIssuer().name}:`, '  condition: service_healthy']),
    'key-volumes': indent(2, [`${tokenIssuer().name}-keys:`]),
  };
}

function composeService(subgraph: PlatformSubgraph): string[] {
  const needs = subgraph.needs ?? [];
  const env = [
    ...needs.flatMap((need) => [`# ${need}: ${COMPOSE_BACKING[need].why}.`, ...Object.entries(COMPOSE_BACKING[need].env).map(([name, value]) => `${name}: ${value}`)]),
    ...Object.entries(subgraph.env ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return [
    `${subgraph.name}:`,
    '  build:',
    '    context: .',
    '    args:',
    `      SERVICE: ${subgraph.name}`,
    `  image: flowgraph/${subgraph.name}:dev`,
    '  environment:',
    '    <<: *subgraph-env',
    ...indent(4, env),
    ...(subgraph.issuesTokens
      ? ['  volumes:', '    # The generated development signing key (JWT_DEV_KEY_FILE=.data/identity-signing-key.json).', `    - ${subgraph.name}-keys:/app/.data`]
      : []),
    '  depends_on:',
    subgraph.issuesTokens ? '    <<: *backing-services' : '    <<: [*backing-services, *identity-ready]',
    ...needs.flatMap((need) => [`    ${need}:`, '      condition: service_healthy']),
    '  restart: unless-stopped',
  ];
}

/** k8s/kustomization.yaml: the manifests to apply and the images they name. */
export function kustomizationBlocks(): Record<string, string[]> {
  const names = SUBGRAPHS.map((subgraph) => subgraph.name);
  return {
    'subgraph-resources': indent(2, names.map((name) => `- ${name}.yaml`)),
    'subgraph-images': indent(2, names.flatMap((name) => [`- name: flowgraph/${name}`, `  newName: flowgraph/${name}`, '  newTag: 0.1.0'])),
  };
}

/** k8s/gateway.yaml: the checked-in supergraph routes to localhost; in the cluster, to the Services. */
export function kubernetesGatewayRoutes(): string[] {
  return indent(12, SUBGRAPHS.flatMap((subgraph) => [`- name: ${subgraphUrlVariable(subgraph)}`, `  value: http://${subgraph.name}:${subgraph.port}/graphql`]));
}

/** k8s/<name>.yaml: a subgraph's Deployment and Service. */
export function subgraphManifest(s: PlatformSubgraph, generatedBy: string): string {
  const secrets = s.issuesTokens
    ? '\n            # JWT_PRIVATE_KEY, JWT_PUBLIC_KEY: only the token issuer is given the private key.\n            - secretRef:\n                name: flowgraph-identity-keys'
    : '';
  const env = Object.entries(s.env ?? {})
    .map(([name, value]) => `\n            - name: ${name}\n              value: ${JSON.stringify(value)}`)
    .join('');
  const keys = s.issuesTokens ? `\n# The other subgraphs fetch its public keys from http://${s.name}:${s.port}/.well-known/jwks.json.` : '';
  return `# ${generatedBy}.
# ${s.name} subgraph: ${s.summary}.${keys}
# Image: docker build --build-arg SERVICE=${s.name} -t flowgraph/${s.name}:0.1.0 .
#
# Replicas: each one runs the migrations on start, and drizzle takes no lock across processes,
# so on the very first rollout a replica racing another may fail once and be restarted (it then
# finds the migrations applied). Scale up freely once the schema exists.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s.name}
  namespace: flowgraph
  labels:
    app.kubernetes.io/name: ${s.name}
    app.kubernetes.io/component: subgraph
    app.kubernetes.io/part-of: flowgraph
spec:
  replicas: 1
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${s.name}
        app.kubernetes.io/component: subgraph
        app.kubernetes.io/part-of: flowgraph
    spec:
      # Kubernetes would otherwise inject Docker-link variables such as
      # IDENTITY_PORT=tcp://10.0.0.1:4001, and a subgraph reads <NAME>_PORT as its port.
      enableServiceLinks: false
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000   # \`node\` in the image
        runAsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${s.name}
          image: flowgraph/${s.name}:0.1.0
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: ${s.port}
          env:
            - name: PORT
              value: "${s.port}"${env}
          envFrom:
            - configMapRef:
                name: flowgraph-config
            # DATABASE_URL, REDIS_URL, MONGODB_URL
            - secretRef:
                name: flowgraph-backing${secrets}
          # The HTTP server listens only after start-up (migrations, tsx transpiling);
          # the startup probe allows two minutes for it before the liveness probe takes over.
          startupProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: 2
            failureThreshold: 60
          # /health/ready fails while a dependency is down: the pod leaves the Service's
          # endpoints but is not restarted.
          readinessProbe:
            httpGet:
              path: /health/ready
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          # /health/live: the process still serves HTTP.
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: 20
            timeoutSeconds: 3
            failureThreshold: 3
          # Let endpoint removal reach every proxy before SIGTERM closes the server.
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
          # Measured idle RSS is ~170-230 MB per service; NODE_OPTIONS (config.yaml) caps the
          # heap at 384 MB to stay under the limit. CPU beyond the request is mostly the first
          # seconds, while tsx transpiles the sources.
          resources:
            requests:
              cpu: 100m
              memory: 256Mi
            limits:
              cpu: "1"
              memory: 512Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            # tsx caches transpiled files under /tmp. Nothing else is written: with
            # DATABASE_URL set there is no PGlite data under /app/.data, and with
            # NODE_ENV=production identity reads its keys from env instead of a key file.
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
  namespace: flowgraph
  labels:
    app.kubernetes.io/name: ${s.name}
    app.kubernetes.io/component: subgraph
    app.kubernetes.io/part-of: flowgraph
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${s.name}
  ports:
    - name: http
      port: ${s.port}
      targetPort: http
`;
}
