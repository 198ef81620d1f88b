// Command tagship-helm runs Helm's own rollback action (helm.sh/helm/v3, the version helm-java
// bundles) for tagship, in a process of its own: Go supports one Go runtime per process, and
// helm-java's native library already brings one into tagship's JVM.
//
// The request is one JSON object on standard input, so the kubeconfig (a secret) is never on a
// command line, in the environment or in a file. Helm's log lines go to standard error; the result
// is one JSON object on standard output, and the exit code is 0 only when the rollback succeeded.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/release"
)

// rollbackRequest is what tagship sends on standard input.
type rollbackRequest struct {
	Kubeconfig     string `json:"kubeconfig"`
	Context        string `json:"context"`
	Namespace      string `json:"namespace"`
	Release        string `json:"release"`
	Revision       int    `json:"revision"`
	TimeoutSeconds int    `json:"timeoutSeconds"`
	DisableHooks   bool   `json:"disableHooks"`
	MaxHistory     int    `json:"maxHistory"`
	// Description replaces Helm's "Rollback to N" in the new revision's record when given.
	Description string `json:"description"`
}

// rollbackResult is what tagship reads from standard output.
type rollbackResult struct {
	Revision    int    `json:"revision,omitempty"`
	Status      string `json:"status,omitempty"`
	Description string `json:"description,omitempty"`
	Error       string `json:"error,omitempty"`
	HelmVersion string `json:"helmVersion"`
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		fmt.Println(helmVersion())
		return
	}
	if len(os.Args) != 2 || os.Args[1] != "rollback" {
		fmt.Fprintln(os.Stderr, "usage: tagship-helm rollback < request.json | tagship-helm version")
		os.Exit(2)
	}
	result, err := rollback(os.Stdin)
	result.HelmVersion = helmVersion()
	if err != nil {
		result.Error = err.Error()
	}
	if encodeErr := json.NewEncoder(os.Stdout).Encode(result); encodeErr != nil {
		fmt.Fprintln(os.Stderr, "tagship-helm: cannot write the result:", encodeErr)
		os.Exit(1)
	}
	if err != nil {
		os.Exit(1)
	}
}

func rollback(input io.Reader) (rollbackResult, error) {
	var request rollbackRequest
	decoder := json.NewDecoder(io.LimitReader(input, 16<<20))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&request); err != nil {
		return rollbackResult{}, fmt.Errorf("the rollback request is not valid JSON: %w", err)
	}
	if err := request.validate(); err != nil {
		return rollbackResult{}, err
	}
	getter, err := newMemoryGetter([]byte(request.Kubeconfig), request.Context, request.Namespace)
	if err != nil {
		return rollbackResult{}, err
	}
	config := new(action.Configuration)
	if err := config.Init(getter, request.Namespace, "secret", logLine); err != nil {
		return rollbackResult{}, err
	}
	rollbackAction := action.NewRollback(config)
	rollbackAction.Version = request.Revision
	rollbackAction.Timeout = time.Duration(request.TimeoutSeconds) * time.Second
	rollbackAction.DisableHooks = request.DisableHooks
	rollbackAction.MaxHistory = request.MaxHistory
	runErr := rollbackAction.Run(request.Release)
	last, err := config.Releases.Last(request.Release)
	if err != nil {
		return rollbackResult{}, errors.Join(runErr, err)
	}
	if runErr != nil {
		// Helm leaves the new revision pending-rollback when a hook fails; nobody will finish it,
		// and a pending release stops every later upgrade, so it is recorded failed.
		if last.Info.Status == release.StatusPendingRollback {
			last.SetStatus(release.StatusFailed, fmt.Sprintf("Rollback %q failed: %s", last.Name, runErr))
			if err := config.Releases.Update(last); err != nil {
				return resultOf(last), errors.Join(runErr, err)
			}
		}
		return resultOf(last), runErr
	}
	if request.Description != "" {
		last.Info.Description = request.Description
		if err := config.Releases.Update(last); err != nil {
			return resultOf(last), err
		}
	}
	return resultOf(last), nil
}

func (r rollbackRequest) validate() error {
	var missing []string
	if strings.TrimSpace(r.Kubeconfig) == "" {
		missing = append(missing, "kubeconfig")
	}
	if r.Namespace == "" {
		missing = append(missing, "namespace")
	}
	if r.Release == "" {
		missing = append(missing, "release")
	}
	if r.Revision <= 0 {
		missing = append(missing, "revision (a positive number)")
	}
	if r.TimeoutSeconds <= 0 {
		missing = append(missing, "timeoutSeconds (a positive number)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("the rollback request lacks %s", strings.Join(missing, ", "))
	}
	return nil
}

func resultOf(r *release.Release) rollbackResult {
	return rollbackResult{Revision: r.Version, Status: r.Info.Status.String(), Description: r.Info.Description}
}

func logLine(format string, values ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", values...)
}
