package main

import (
	"runtime/debug"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// memoryGetter gives Helm a cluster from kubeconfig contents held in memory, where Helm's own
// getter reads a file.
type memoryGetter struct {
	config    clientcmd.ClientConfig
	discovery discovery.CachedDiscoveryInterface
}

func newMemoryGetter(kubeconfig []byte, context, namespace string) (*memoryGetter, error) {
	loaded, err := clientcmd.Load(kubeconfig)
	if err != nil {
		return nil, err
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: context}
	overrides.Context.Namespace = namespace
	return &memoryGetter{config: clientcmd.NewNonInteractiveClientConfig(*loaded, context, overrides, nil)}, nil
}

func (g *memoryGetter) ToRESTConfig() (*rest.Config, error) {
	return g.config.ClientConfig()
}

func (g *memoryGetter) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) {
	if g.discovery != nil {
		return g.discovery, nil
	}
	config, err := g.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	// Helm's own getter allows the same burst: discovery asks for every API group at once.
	config.Burst = 100
	client, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return nil, err
	}
	g.discovery = memory.NewMemCacheClient(client)
	return g.discovery, nil
}

func (g *memoryGetter) ToRESTMapper() (meta.RESTMapper, error) {
	client, err := g.ToDiscoveryClient()
	if err != nil {
		return nil, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(client)
	return restmapper.NewShortcutExpander(mapper, client, nil), nil
}

func (g *memoryGetter) ToRawKubeConfigLoader() clientcmd.ClientConfig {
	return g.config
}

// helmVersion is the version of the Helm module this program was built with.
func helmVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, module := range info.Deps {
			if module.Path == "helm.sh/helm/v3" {
				return module.Version
			}
		}
	}
	return "unknown"
}
