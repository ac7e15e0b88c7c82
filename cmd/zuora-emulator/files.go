package main

import (
	"fmt"
	"os"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// loadCatalogue reads -catalogue; "" means the built-in catalogue only.
func loadCatalogue(path string) ([]emulator.ObjectMetadata, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-catalogue: %w", err)
	}
	objs, err := emulator.ParseCatalogue(data)
	if err != nil {
		return nil, fmt.Errorf("-catalogue %s: %w", path, err)
	}
	return objs, nil
}

// loadFaults reads -faults; "" means none.
func loadFaults(path string) ([]emulator.Fault, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-faults: %w", err)
	}
	faults, err := emulator.ParseFaults(data)
	if err != nil {
		return nil, fmt.Errorf("-faults %s: %w", path, err)
	}
	return faults, nil
}
